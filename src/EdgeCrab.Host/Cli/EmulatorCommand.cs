using System.CommandLine;
using EdgeCrab.DingTalk.Emulator;

namespace EdgeCrab.Host.Cli;

/// <summary><c>edgecrab emulator [--port N] [--app-key K] [--app-secret S]</c>: the local DingTalk on its own.</summary>
internal static class EmulatorCommand
{
    public static Command Create()
    {
        var port = new Option<int>("--port") { Description = "port on 127.0.0.1 (0 picks a free one)", DefaultValueFactory = _ => 0 };
        var appKey = new Option<string?>("--app-key") { Description = "AppKey the emulator accepts (generated unless given)" };
        var appSecret = new Option<string?>("--app-secret") { Description = "AppSecret the emulator accepts (generated unless given)" };
        var command = new Command("emulator", "Run the local DingTalk emulator and its chat page.");
        command.Options.Add(port);
        command.Options.Add(appKey);
        command.Options.Add(appSecret);
        command.SetAction((parse, ct) =>
            EmulatorConsole.RunAsync(parse.GetValue(port), parse.GetValue(appKey), parse.GetValue(appSecret), Console.Out, ct));
        return command;
    }
}
