using System.CommandLine;
using Akka.Actor;
using Akka.Configuration;
using EdgeCrab.Gateway.Persistence;

namespace EdgeCrab.Host.Cli;

/// <summary><c>edgecrab sessions list</c> and <c>edgecrab sessions show &lt;conversationId&gt;</c>: history read back from the journal.</summary>
internal static class SessionsCommand
{
    public static Command Create()
    {
        var listOptions = new SettingOptions();
        var list = new Command("list", "List the conversations in the journal.");
        listOptions.AddTo(list);
        list.SetAction((parse, _) => WithJournal(listOptions.Read(parse), async reader =>
        {
            var ids = await reader.ConversationIdsAsync();
            if (ids.Count == 0) Console.WriteLine("No conversations yet.");
            foreach (var id in ids)
                Console.WriteLine(SessionHistoryText.Summary(id, await reader.EventsAsync(id)));
            return 0;
        }));

        var showOptions = new SettingOptions();
        var conversation = new Argument<string>("conversationId") { Description = "the DingTalk conversationId" };
        var show = new Command("show", "Show one conversation's whole history.");
        show.Arguments.Add(conversation);
        showOptions.AddTo(show);
        show.SetAction((parse, _) => WithJournal(showOptions.Read(parse), async reader =>
        {
            var id = parse.GetValue(conversation)!;
            var events = await reader.EventsAsync(id);
            if (events.Count == 0)
            {
                await Console.Error.WriteLineAsync($"edgecrab: no conversation '{id}' in the journal");
                return 1;
            }
            foreach (var line in SessionHistoryText.Lines(events)) Console.WriteLine(line);
            return 0;
        }));

        var sessions = new Command("sessions", "Read conversation history from the journal.");
        sessions.Subcommands.Add(list);
        sessions.Subcommands.Add(show);
        return sessions;
    }

    private static async Task<int> WithJournal(IReadOnlyDictionary<string, string?> commandLine, Func<SessionJournalReader, Task<int>> read)
    {
        if (await CommandLineSettings.LoadOrReportAsync(commandLine) is not { } settings)
            return CommandLineSettings.InvalidExitCode;
        JournalBackend backend = settings.Postgres is { } pg ? new JournalBackend.Postgres(pg) : new JournalBackend.Sqlite(settings.SqlitePath);
        if (backend is JournalBackend.Sqlite { FilePath: var file } && !File.Exists(file))
        {
            Console.WriteLine($"No journal at {file} yet.");
            return 0;
        }
        var config = ConfigurationFactory.ParseString("akka.loglevel = WARNING\nakka.stdout-loglevel = WARNING").WithFallback(GatewayHocon.Load(backend));
        using var system = ActorSystem.Create("edgecrab-sessions", config);
        try
        {
            return await read(new SessionJournalReader(system));
        }
        finally
        {
            await system.Terminate();
        }
    }
}
