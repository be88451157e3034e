using System.CommandLine;
using EdgeCrab.Gateway.Hooks;

namespace EdgeCrab.Host.Cli;

/// <summary>
/// <c>edgecrab hooks list</c> (what <c>/hooks</c> answers in a chat) and <c>edgecrab hooks test &lt;name&gt; &lt;event&gt;</c>
/// (runs one hook once with a sample event and prints what it answered), so a hook can be tried without a chat.
/// </summary>
internal static class HooksCommand
{
    public static Command Create()
    {
        var listOptions = new SettingOptions();
        var list = new Command("list", "List the hooks in $EDGECRAB_HOME/hooks, and why any could not be loaded.");
        listOptions.AddTo(list);
        list.SetAction(async (parse, _) =>
        {
            if (await CommandLineSettings.LoadOrReportAsync(listOptions.Read(parse)) is not { } settings) return CommandLineSettings.InvalidExitCode;
            Console.WriteLine(HookListing.Write(HookFolder.ReadAll(settings.HooksDirectory)));
            return 0;
        });

        var testOptions = new SettingOptions();
        var name = new Argument<string>("name") { Description = "the hook's name (or its folder's)" };
        var eventName = new Argument<string>("event") { Description = "the event to send it, e.g. command:status or message:received" };
        var test = new Command("test", "Run one hook once with a sample event and print what it answered.");
        test.Arguments.Add(name);
        test.Arguments.Add(eventName);
        testOptions.AddTo(test);
        test.SetAction(async (parse, ct) =>
        {
            if (await CommandLineSettings.LoadOrReportAsync(testOptions.Read(parse)) is not { } settings) return CommandLineSettings.InvalidExitCode;
            var wanted = parse.GetValue(name)!;
            var loads = HookFolder.ReadAll(settings.HooksDirectory);
            if (loads.FirstOrDefault(l => l.Folder == wanted || l is HookLoad.Loaded { Hook.Name: var n } && n == wanted) is not { } load)
            {
                await Console.Error.WriteLineAsync($"edgecrab: no hook '{wanted}' in hooks/ (edgecrab hooks list shows them)");
                return 1;
            }
            if (load is HookLoad.Broken broken)
            {
                await Console.Error.WriteLineAsync($"edgecrab: hooks/{broken.Folder} is not loaded: {broken.Why}");
                return 1;
            }
            var hook = ((HookLoad.Loaded)load).Hook;
            var sample = HookEvents.Sample(parse.GetValue(eventName)!);
            Console.WriteLine($"sent:     {sample.ToJson()}");
            if (!hook.Events.Any(pattern => pattern.Matches(sample.Event)))
                Console.WriteLine($"note:     {hook.Name} does not list {sample.Event} in its events; the gateway would not send it this one");
            var run = await HookProcess.RunAsync(hook, sample, ct);
            Console.WriteLine($"exit:     {(run.ExitCode?.ToString() ?? "-")}{(run.Problem is null ? "" : $" ({run.Problem})")}");
            if (run.Stdout.Length > 0) Console.WriteLine($"stdout:   {run.Stdout.TrimEnd()}");
            if (run.Stderr.Length > 0) Console.WriteLine($"stderr:   {run.Stderr.TrimEnd()}");
            Console.WriteLine(run.Answer is HookAnswer.Cancel cancel ? $"answer:   cancel: {cancel.Reason}" : "answer:   continue");
            return run.Succeeded ? 0 : 1;
        });

        var hooks = new Command("hooks", "List and try the event hooks in $EDGECRAB_HOME/hooks.");
        hooks.Subcommands.Add(list);
        hooks.Subcommands.Add(test);
        return hooks;
    }
}
