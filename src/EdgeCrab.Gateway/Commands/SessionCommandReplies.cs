using System.Globalization;
using System.Text;
using EdgeCrab.Gateway.Hooks;
using EdgeCrab.Gateway.Sessions;

namespace EdgeCrab.Gateway.Commands;

/// <summary>What the robot answers to each slash command.</summary>
public static class SessionCommandReplies
{
    public const string RetryWhileRunning = "An answer is still running. Wait for it, or send /stop first, then /retry.";
    public const string NothingToRetry = "There is no earlier message to retry.";

    /// <summary>The one reply to a flood: the message was acked but will never be answered.</summary>
    public static string QueueFull(int waiting) =>
        $"Busy: {Plural(waiting, "message")} already wait for an answer here, so this message was not taken (nor will others be until the queue moves). Send it again later.";

    /// <summary>
    /// The one line after a reply was cut: chunk <paramref name="index"/> of <paramref name="count"/> could not be
    /// delivered, so neither it nor the rest was sent.
    /// </summary>
    public static string PartNotDelivered(string title, int index, int count) => (index, count) switch
    {
        (_, 1) => $"The reply \"{title}\" could not be delivered. Send /retry to send it again.",
        (0, _) => $"The reply \"{title}\" could not be delivered (none of its {count} parts). Send /retry to send it again.",
        _ when index == count - 1 => $"The reply \"{title}\" is incomplete: its last part ({count} of {count}) could not be delivered. Send /retry to send it again.",
        _ => $"The reply \"{title}\" is incomplete: parts {index + 1} to {count} of {count} could not be delivered. Send /retry to send them again.",
    };

    /// <summary>Closes a card whose answer was stopped (<c>/stop</c>, its button, a newer message in interrupt mode).</summary>
    public const string CardStopped = "\n\n⏹ Stopped.";

    /// <summary>Under an answer given without some of the prompt's pictures or files: DingTalk no longer gives them (their download codes expired).</summary>
    public static string FilesUnfetched(int count) => count == 1
        ? "\n\n(A picture or file of your message could not be fetched from DingTalk, so the answer is without it. Send it again if it matters.)"
        : $"\n\n({count} pictures or files of your message could not be fetched from DingTalk, so the answer is without them. Send them again if they matter.)";

    /// <summary>Under the first answer whose pictures the model could not see (the provider refused them): said once per conversation.</summary>
    public const string PicturesUnseen = "\n\n(This model cannot see pictures, so it was given a short description of yours instead. A model with vision, set in EDGECRAB_MODEL, would see them.)";

    /// <summary>Closes a card whose turn a restart interrupted: the turn runs again, into a new card.</summary>
    public const string CardInterrupted = "\n\n⏸ Interrupted by a restart: the answer follows in a new card.";

    /// <summary>Closes a card DingTalk stopped taking writes for: the answer goes on as messages.</summary>
    public const string CardContinuesBelow = "\n\n↓ The answer continues below.";

    /// <summary>Closes a card, as failed, whose agent could not answer.</summary>
    public static string CardFailed(string error) => $"\n\n⚠ The agent could not answer: {error}\nSend /retry to try again.";

    /// <summary>A hook cancelled the command or the turn: EdgeCrab's wording, so its users recognise it.</summary>
    public static string CancelledByHook(string reason) => $"⛔ Cancelled by a local hook: {reason}";

    public static string Help()
    {
        var text = new StringBuilder("Commands:\n");
        foreach (var (name, summary) in SlashCommandParser.Commands)
            text.Append("- ").Append(name).Append(": ").Append(summary).Append('\n');
        text.Append("\nAnything else is a message for the agent.");
        return text.ToString();
    }

    public static string NewConversation(string name, bool turnRunning) =>
        turnRunning
            ? $"{name}: started a new conversation. The answer still running was written with the old history; send /stop to drop it."
            : $"{name}: started a new conversation. The agent no longer sees the earlier messages.";

    public static string Stopped(bool wasRunning, int dropped) => (wasRunning, dropped) switch
    {
        (false, 0) => "Nothing is running.",
        (true, 0) => "Stopped the running answer.",
        (true, _) => $"Stopped the running answer and dropped {Plural(dropped, "waiting message")}.",
        (false, _) => $"Dropped {Plural(dropped, "waiting message")}.",
    };

    /// <param name="turnWaitsForAgent">The running turn is queued for one of the node's agent slots, not yet answering.</param>
    public static string Status(ConversationState state, DateTimeOffset now, bool turnWaitsForAgent = false)
    {
        var text = new StringBuilder();
        if (state.Current is { } running)
        {
            var seconds = Math.Max(0, (int)(now - running.StartedAt).TotalSeconds);
            if (turnWaitsForAgent)
                text.Append(CultureInfo.InvariantCulture, $"Running: waiting for the agent (other conversations are ahead) to answer \"{Preview(running.Prompt.Text)}\", for {seconds} s.");
            else
                text.Append(CultureInfo.InvariantCulture, $"Running: answering \"{Preview(running.Prompt.Text)}\" for {seconds} s.");
        }
        else
        {
            text.Append("Idle.");
        }
        if (state.Queue.IsEmpty)
            text.Append(" Nothing is waiting.");
        else
        {
            text.Append(CultureInfo.InvariantCulture, $"\nWaiting: {Plural(state.Queue.Count, "message")}");
            foreach (var waiting in state.Queue.Take(5))
                text.Append("\n- \"").Append(Preview(waiting.Text)).Append('"');
            if (state.Queue.Count > 5) text.Append("\n- …");
        }
        var unsent = state.Outbox.Count;
        if (unsent > 0) text.Append(CultureInfo.InvariantCulture, $"\nReplies being sent: {Plural(unsent, "chunk")}.");
        return text.ToString();
    }

    public static string Usage(ConversationState state)
    {
        var since = state.LastNewAt is { } at ? $"since the last /new ({at:yyyy-MM-dd HH:mm} UTC)" : "since the last /new (none yet)";
        return $"Usage in this conversation:\n{Line("in all", state.Total)}\n{Line(since, state.SinceNew)}";
    }

    /// <summary><c>/hooks</c> when the session was not told the node's hooks: none.</summary>
    public static string Hooks() => HookListing.Write([]);

    public static string Unknown(string name) => $"Unknown command {name}. Send /help for the list.";

    private static string Line(string label, UsageCounters c) => string.Create(CultureInfo.InvariantCulture,
        $"- {label}: {Plural(c.Turns, "turn")}, {Plural(c.Messages, "message")}, {c.InputTokens + c.OutputTokens:N0} tokens ({c.InputTokens:N0} in, {c.OutputTokens:N0} out)");

    private static string Plural(int n, string noun) => n == 1 ? $"1 {noun}" : $"{n} {noun}s";

    private static string Preview(string text)
    {
        var oneLine = text.ReplaceLineEndings(" ");
        return oneLine.Length <= 40 ? oneLine : oneLine[..40] + "…";
    }
}
