using System.Text;
using Akka.Actor;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using EdgeCrab.DingTalk.Replies;
using EdgeCrab.DingTalk.Robot;
using EdgeCrab.DingTalk.Stream;
using EdgeCrab.Gateway.Serialization;
using EdgeCrab.Gateway.Sessions;
using EdgeCrab.Gateway.Sessions.Events;

namespace EdgeCrab.Bench;

/// <summary>BenchmarkDotNet on the pieces every callback passes through, in process (no separate build).</summary>
internal static class MicroBench
{
    public static void Run(Report report, bool quick)
    {
        var job = (quick ? Job.ShortRun : Job.Default).WithToolchain(InProcessEmitToolchain.Instance);
        var config = ManualConfig.CreateEmpty()
            .AddJob(job)
            .AddDiagnoser(BenchmarkDotNet.Diagnosers.MemoryDiagnoser.Default)
            .AddColumnProvider(DefaultColumnProviders.Instance)
            .AddLogger(ConsoleLogger.Default)
            .WithOptions(ConfigOptions.DisableOptimizationsValidator);
        foreach (var summary in new[] { BenchmarkRunner.Run<FramePathBenchmarks>(config), BenchmarkRunner.Run<ReplyChunkerBenchmarks>(config) })
            Add(report, summary);
    }

    private static void Add(Report report, Summary summary)
    {
        foreach (var b in summary.BenchmarksCases)
        {
            var r = summary[b];
            if (r?.ResultStatistics is not { } stats) continue;
            var allocated = r.GcStats.GetBytesAllocatedPerOperation(b);
            report.Add("micro", b.Descriptor.WorkloadMethodDisplayInfo.Trim('\''), $"{stats.Mean / 1000:N2} µs", $"{allocated:N0} B allocated/op, ±{stats.StandardError / 1000:N2} µs");
        }
    }
}

/// <summary>What one robot callback costs before it reaches a session, and what its event costs to store.</summary>
[MemoryDiagnoser]
public class FramePathBenchmarks
{
    private byte[] _frame = [];
    private string _data = "";
    private AckFrame _ack = null!;
    private ActorSystem _system = null!;
    private GatewayJsonSerializer _serializer = null!;
    private MessageReceived _event = null!;
    private byte[] _stored = [];

    [GlobalSetup]
    public void Setup()
    {
        var message = new RobotMessage
        {
            MsgId = "msgLb3n0AqkX1gPZ8Ihf5cdqA==",
            Content = new TextContent("@EdgeCrab please summarise yesterday's incident report #42"),
            ConversationId = "cidxJ3Pj7WJ9TXvlRpYI0wH4Q==",
            ConversationType = ConversationType.Group,
            ConversationTitle = "Load group",
            SenderId = "$:LWCP_v1:$5tmOa3oHQQhTj3Us3PX2zw==",
            SenderStaffId = "load0042",
            SenderNick = "Load user 42",
            SenderCorpId = "dingcorp",
            ChatbotUserId = "$:LWCP_v1:$robot",
            ChatbotCorpId = "dingcorp",
            RobotCode = "dingrobot",
            IsInAtList = true,
            AtUsers = [new AtUser("$:LWCP_v1:$robot", null)],
            SessionWebhook = "http://127.0.0.1:5000/robot/sendBySession?session=0123456789abcdef0123456789abcdef",
            SessionWebhookExpiredTime = 1_764_000_000_000,
            CreateAt = 1_763_990_000_000,
        };
        _data = RobotMessageCodec.Write(message);
        var headers = new Dictionary<string, string>
        {
            [StreamHeaders.AppId] = "appid",
            [StreamHeaders.ConnectionId] = "conn",
            [StreamHeaders.ContentType] = StreamHeaders.JsonContentType,
            [StreamHeaders.MessageId] = "5c0b6e1f-0b8e-4c7a-9f7e-3d1c2b0a9f8e",
            [StreamHeaders.Time] = "1763990000000",
            [StreamHeaders.Topic] = StreamTopics.RobotMessage,
        };
        _frame = Encoding.UTF8.GetBytes(StreamFrameCodec.WriteFrame(new StreamFrame(StreamFrameType.Callback, headers, _data)));
        _ack = new AckFrame(AckFrame.Ok, headers[StreamHeaders.MessageId], "OK", "{\"response\":null}");
        _system = ActorSystem.Create("micro");
        _serializer = new GatewayJsonSerializer((ExtendedActorSystem)_system);
        var inbound = new InboundMessage(message.MsgId, message.ConversationId, ChatKind.Group, "load0042", "Load user 42", "please summarise yesterday's incident report #42",
            new ReplyTarget(message.ConversationId, ChatKind.Group, "load0042", message.SessionWebhook, DateTimeOffset.FromUnixTimeMilliseconds(1_764_000_000_000)), DateTimeOffset.UtcNow);
        _event = new MessageReceived(inbound, MessageRole.Prompt, DateTimeOffset.UtcNow);
        _stored = _serializer.ToBinary(_event);
    }

    [GlobalCleanup]
    public void Cleanup() => _system.Terminate().Wait(TimeSpan.FromSeconds(10));

    [Benchmark(Description = "StreamFrameCodec.ParseFrame (robot callback)")]
    public FrameParseResult ParseFrame() => StreamFrameCodec.ParseFrame(_frame);

    [Benchmark(Description = "RobotMessageCodec.Parse (frame data)")]
    public RobotMessageParseResult ParseRobotMessage() => RobotMessageCodec.Parse(_data);

    [Benchmark(Description = "StreamFrameCodec.WriteAck + UTF-8")]
    public byte[] WriteAck() => Encoding.UTF8.GetBytes(StreamFrameCodec.WriteAck(_ack));

    [Benchmark(Description = "GatewayJsonSerializer.ToBinary (MessageReceived)")]
    public byte[] Serialize() => _serializer.ToBinary(_event);

    [Benchmark(Description = "GatewayJsonSerializer.FromBinary (MessageReceived)")]
    public object Deserialize() => _serializer.FromBinary(_stored, "MessageReceived");
}

/// <summary>The chunker on a long answer with code fences (every answer passes through it once).</summary>
[MemoryDiagnoser]
public class ReplyChunkerBenchmarks
{
    private string _answer = "";

    [GlobalSetup]
    public void Setup()
    {
        var text = new StringBuilder();
        for (var i = 0; text.Length < 30_000; i++)
        {
            text.Append("Paragraph ").Append(i).Append(": the gateway persists before it acks, and answers once.\n\n");
            if (i % 10 == 0) text.Append("```csharp\nvar x = ").Append(i).Append(";\nConsole.WriteLine(x);\n```\n\n");
        }
        _answer = text.ToString();
    }

    [Benchmark(Description = "ReplyChunker.Split (30,000-char answer)")]
    public int Split() => ReplyChunker.ForDingTalk.Split(_answer).Count;

    [Benchmark(Description = "ReplyChunker.Split (short answer)")]
    public int SplitShort() => ReplyChunker.ForDingTalk.Split("(offline agent) You said: hello").Count;
}
