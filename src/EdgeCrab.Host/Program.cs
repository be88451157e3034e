using System.CommandLine;
using EdgeCrab.Host.Cli;

namespace EdgeCrab.Host;

/// <summary>The <c>edgecrab</c> program: <c>gateway start</c>, <c>emulator</c>, <c>sessions list|show</c>, <c>cluster status</c>.</summary>
internal static class Program
{
    public static Task<int> Main(string[] args)
    {
        var root = new RootCommand("edgecrab: connects an AI agent to DingTalk robots, on Akka.NET.");
        root.Subcommands.Add(GatewayStartCommand.Create());
        root.Subcommands.Add(EmulatorCommand.Create());
        root.Subcommands.Add(SessionsCommand.Create());
        root.Subcommands.Add(ClusterStatusCommand.Create());
        return root.Parse(args).InvokeAsync();
    }
}
