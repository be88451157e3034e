using EdgeCrab.DingTalk.Security;
using EdgeCrab.Host.Logging;
using EdgeCrab.Host.Settings;
using EdgeCrab.Host.Tests.Settings;
using Microsoft.Extensions.Logging;
using Serilog.Core;
using Serilog.Extensions.Logging;
using Xunit;

namespace EdgeCrab.Host.Tests.Logging;

public sealed class GatewayLoggingSpecs : IDisposable
{
    private const string AppSecret = "app-secret-0123456789";
    private const string LlmApiKey = "sk-llm-key-abcdef";
    private const string AccessToken = "tok-9f8e7d6c5b";
    private const string SessionToken = "sess-5a4b3c2d1e";
    private const string Ticket = "tick-77aa88bb";

    private readonly TemporaryHome _home = new();
    private readonly StringWriter _console = new();

    public void Dispose() => _home.Dispose();

    private GatewaySettings Settings(GatewayLogLevel level = GatewayLogLevel.Info) =>
        GatewaySettings.Default(_home.Path) with
        {
            Credentials = new("dingkey", AppSecret),
            LlmBaseUrl = new Uri("http://127.0.0.1:1/v1"),
            LlmApiKey = LlmApiKey,
            Model = "m",
            LogLevel = level,
        };

    private (string Console, string File) Write(GatewaySettings settings, Action<Logger> log)
    {
        using (var logger = GatewayLogging.CreateLogger(settings, new SecretRedactor(), _console)) log(logger);
        var files = Directory.GetFiles(settings.LogsDirectory, "edgecrab-*.log");
        return (_console.ToString(), string.Concat(files.Select(File.ReadAllText)));
    }

    [Fact]
    public void Logger_should_mask_secrets_in_properties_message_and_exception_in_every_sink()
    {
        var webhook = new Uri($"https://oapi.dingtalk.com/robot/sendBySession?session={SessionToken}");
        Exception failure;
        try { throw new InvalidOperationException($"send failed: secret {AppSecret}, access_token={AccessToken}, ticket={Ticket}"); }
        catch (InvalidOperationException ex) { failure = ex; }

        var (console, file) = Write(Settings(), logger => logger.Error(
            failure,
            "normal text before secret " + AppSecret + " and ticket=" + Ticket + " to {Webhook} with {Token} and {@Payload} key {Key}",
            webhook,
            $"https://api.dingtalk.com/v1.0/x?access_token={AccessToken}",
            new { AppSecret, Note = "plain note", Tickets = new[] { $"ticket={Ticket}" } },
            LlmApiKey));

        foreach (var output in new[] { console, file })
        {
            foreach (var secret in new[] { AppSecret, LlmApiKey, AccessToken, SessionToken, Ticket })
                Assert.DoesNotContain(secret, output);
            Assert.Contains("normal text before secret ***", output);
            Assert.Contains("session=***", output);
            Assert.Contains("access_token=***", output);
            Assert.Contains("plain note", output);
            Assert.Contains("System.InvalidOperationException: send failed: secret ***", output);
            Assert.Contains(nameof(Logger_should_mask_secrets_in_properties_message_and_exception_in_every_sink), output); // the stack survives
        }
    }

    [Fact]
    public void Logger_should_mask_secrets_logged_through_microsoft_extensions_logging()
    {
        var (console, file) = Write(Settings(), logger =>
        {
            using var factory = new SerilogLoggerFactory(logger);
            factory.CreateLogger("Akka.Actor.ActorSystem").LogWarning("[akka] token {Token}", $"access_token={AccessToken}");
            factory.CreateLogger("EdgeCrab.Gateway.Agent").LogInformation("key " + LlmApiKey);
        });

        Assert.Contains("access_token=***", console);
        Assert.DoesNotContain(AccessToken, console + file);
        Assert.DoesNotContain(LlmApiKey, console + file);
    }

    [Fact]
    public void Connection_lines_should_carry_the_dingtalk_tag()
    {
        var (console, file) = Write(Settings(), logger =>
        {
            logger.ForContext(Constants.SourceContextPropertyName, "EdgeCrab.Gateway.Connection.DingTalkConnection").Information("stream connected");
            logger.ForContext(Constants.SourceContextPropertyName, "EdgeCrab.Gateway.Sessions.ConversationSession").Information("session started");
            logger.ForContext(Constants.SourceContextPropertyName, "EdgeCrab.DingTalk.Emulator.Stream.StreamHub").Information("client joined");
            logger.ForContext(LogTags.PropertyName, "[custom] ").Information("tagged by hand");
        });

        Assert.Contains("INF] [emulator] client joined", console);

        Assert.Contains("INF] [dingtalk] stream connected", console);
        Assert.Contains("INF] session started", console);
        Assert.Contains("INF] [custom] tagged by hand", console);
        Assert.Contains("[dingtalk] stream connected <EdgeCrab.Gateway.Connection.DingTalkConnection>", file);
    }

    [Fact]
    public void Info_level_should_show_actor_info_and_keep_framework_chatter_below_warning()
    {
        var (console, _) = Write(Settings(), logger =>
        {
            // Our actors log under their own class (ActorSourceLogger): their info lines show, Akka's own do not.
            logger.ForContext(Constants.SourceContextPropertyName, "EdgeCrab.Gateway.Connection.StreamSocket").Information("actor info");
            logger.ForContext(Constants.SourceContextPropertyName, "Akka.Cluster.ClusterCoreDaemon").Information("akka info");
            logger.ForContext(Constants.SourceContextPropertyName, "Akka.Cluster.Cluster").Warning("akka warning");
            logger.ForContext(Constants.SourceContextPropertyName, "Microsoft.Hosting.Lifetime").Information("hosting info");
            logger.Debug("gateway debug");
            logger.Information("gateway info");
        });

        Assert.Contains("INF] [dingtalk] actor info", console);
        Assert.DoesNotContain("akka info", console);
        Assert.Contains("akka warning", console);
        Assert.DoesNotContain("hosting info", console);
        Assert.DoesNotContain("gateway debug", console);
        Assert.Contains("gateway info", console);
    }

    [Fact]
    public void Debug_level_should_show_everything()
    {
        var (console, _) = Write(Settings(GatewayLogLevel.Debug), logger =>
        {
            logger.ForContext(Constants.SourceContextPropertyName, "Akka.Cluster.Cluster").Debug("akka debug");
            logger.Debug("gateway debug");
        });

        Assert.Contains("akka debug", console);
        Assert.Contains("gateway debug", console);
    }

    [Fact]
    public void Warning_level_should_drop_info()
    {
        var (console, _) = Write(Settings(GatewayLogLevel.Warning), logger =>
        {
            logger.Information("gateway info");
            logger.Warning("gateway warning");
        });

        Assert.DoesNotContain("gateway info", console);
        Assert.Contains("WRN] gateway warning", console);
    }

    [Theory]
    [InlineData(GatewayLogLevel.Debug, "DEBUG")]
    [InlineData(GatewayLogLevel.Info, "INFO")]
    [InlineData(GatewayLogLevel.Warning, "WARNING")]
    public void Akka_log_level_should_follow_the_setting(GatewayLogLevel level, string expected) =>
        Assert.Equal(expected, GatewayLogging.AkkaLogLevel(Settings(level)));

    [Fact]
    public void File_should_be_a_dated_file_in_the_logs_folder()
    {
        Write(Settings(), logger => logger.Information("hello file"));

        var file = Assert.Single(Directory.GetFiles(Path.Combine(_home.Path, "logs")));
        Assert.Matches(@"edgecrab-\d{8}\.log$", file);
        Assert.Contains("hello file", File.ReadAllText(file));
    }
}
