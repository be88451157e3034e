using System.Diagnostics;
using System.Text;

namespace EdgeCrab.DingTalk.Emulator.Tests;

/// <summary>DingTalk's own Node.js Stream SDK (dingtalk-stream 2.1.5) against the emulator.</summary>
public sealed class NodeSdkSpecs
{
    [RequiresNodeFact]
    public async Task Node_SDK_robot_should_ack_the_callback_and_answer_through_the_session_webhook()
    {
        Assert.Null(Prerequisites.MissingNodeSdk());
        await using var emulator = await DingTalkEmulator.StartAsync(new EmulatorOptions { PingInterval = TimeSpan.FromMilliseconds(500) });
        using var api = new EmulatorApi(emulator);
        var output = new StringBuilder();
        using var node = StartNode(emulator, output);
        try
        {
            await Eventually.True(async () => (await api.ConnectionsAsync()).Count == 1 || node.HasExited, "the Node SDK to connect");
            Assert.False(node.HasExited, "node exited early: " + output);
            // Let a few SYSTEM pings go by: the SDK must echo them.
            await Eventually.True(async () => (await api.ConnectionsAsync())[0]!["pingsAnswered"]!.GetValue<int>() >= 1, "a ping answered by the SDK");

            var msgId = await api.GroupAsync("cidNodeGroup", "manager001", "hello from the group");

            await node.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
            Assert.True(node.ExitCode == 0, $"node exited with {node.ExitCode}: {output}");
            await Eventually.True(async () => await api.CallbackAsync(msgId) == (1, true), "one delivery, acked by the SDK");
            var robot = Assert.Single(await api.RobotMessagesAsync("cidNodeGroup"));
            Assert.Equal("node echo: hello from the group", robot!["text"]!.GetValue<string>());
            Assert.Equal("sessionWebhook", robot["via"]!.GetValue<string>());
        }
        finally
        {
            if (!node.HasExited) node.Kill(entireProcessTree: true);
        }
    }

    private static Process StartNode(DingTalkEmulator emulator, StringBuilder output)
    {
        var info = new ProcessStartInfo(Prerequisites.FindOnPath("node")!)
        {
            WorkingDirectory = Prerequisites.NodeSdkFolder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("robot-echo.cjs");
        info.ArgumentList.Add(emulator.BaseUri.ToString());
        info.ArgumentList.Add(emulator.Credentials.AppKey);
        info.ArgumentList.Add(emulator.Credentials.AppSecret);
        info.Environment["ROBOT_ECHO_TIMEOUT_MS"] = "60000";
        var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }
}
