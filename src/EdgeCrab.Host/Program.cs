using System.CommandLine;
using EdgeCrab.Host.Cli;

namespace EdgeCrab.Host;

/// <summary>The <c>edgecrab</c> program: <c>gateway start</c>, <c>emulator</c>, <c>sessions list|show</c>, <c>cluster status</c>, <c>hooks list|test</c>.</summary>
internal static class Program
{
    /// <summary>How long a stop signal waits for the gateway to stop by itself (Kubernetes' default grace is 30 s).</summary>
    public static readonly TimeSpan GracefulStop = TimeSpan.FromSeconds(25);

    public static Task<int> Main(string[] args)
    {
        var root = new RootCommand("edgecrab: connects an AI agent to DingTalk robots, on Akka.NET.");
        root.Subcommands.Add(GatewayStartCommand.Create());
        root.Subcommands.Add(EmulatorCommand.Create());
        root.Subcommands.Add(SessionsCommand.Create());
        root.Subcommands.Add(ClusterStatusCommand.Create());
        root.Subcommands.Add(HooksCommand.Create());
        // System.CommandLine gives a command 2 s after Ctrl-C/SIGTERM before it returns from Main anyway; the gateway's
        // graceful stop (leave the cluster, hand shards off, persist running turns as interrupted) needs longer.
        return root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = GracefulStop });
    }
}
