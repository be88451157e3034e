using System.CommandLine;
using EdgeCrab.Host.Runtime;
using EdgeCrab.Host.Settings;

namespace EdgeCrab.Host.Cli;

/// <summary><c>edgecrab gateway start</c>: runs the gateway until Ctrl-C.</summary>
internal static class GatewayStartCommand
{
    public static Command Create()
    {
        var options = new SettingOptions();
        var start = new Command("start", "Run the gateway. With no DINGTALK_APP_KEY it starts the local DingTalk emulator and its chat page.");
        options.AddTo(start);
        start.SetAction(async (parse, ct) =>
        {
            var settings = await CommandLineSettings.LoadOrReportAsync(options.Read(parse));
            return settings is null ? CommandLineSettings.InvalidExitCode : await RunAsync(settings, ct);
        });
        var gateway = new Command("gateway", "The DingTalk gateway.");
        gateway.Subcommands.Add(start);
        return gateway;
    }

    private static async Task<int> RunAsync(GatewaySettings settings, CancellationToken ct)
    {
        GatewayApp app;
        try
        {
            app = await GatewayApp.StartAsync(settings, ct: ct);
        }
        catch (OperationCanceledException)
        {
            return 0;
        }
        catch (Exception e)
        {
            await Console.Error.WriteLineAsync($"edgecrab: the gateway could not start: {StartupFailure.Describe(e)}");
            return 1;
        }
        await using (app)
        {
            if (app.Target.ChatPage is { } page)
                Console.WriteLine($"Chat with your robot at {page}");
            Console.WriteLine("Press Ctrl-C to stop.");
            try
            {
                await Task.Delay(Timeout.Infinite, ct);
            }
            catch (OperationCanceledException)
            {
            }
            await app.StopAsync(CancellationToken.None);
        }
        return 0;
    }
}
