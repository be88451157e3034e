namespace EdgeCrab.Gateway.Sessions.Events;

/// <summary>Why a reply was queued; decides what happens when it cannot be delivered.</summary>
public enum ReplyKind
{
    /// <summary>An answer or a command's reply: a part that cannot be delivered is kept for <c>/retry</c> and the user is told.</summary>
    Reply,
    /// <summary>The one line telling the user part of a reply was lost: if it is lost too, nothing more is said (no notice about a notice).</summary>
    GapNotice,
    /// <summary>The undelivered parts again, sent on <c>/retry</c>: lost again, they are kept again and the user told again.</summary>
    Resend,
    /// <summary>
    /// A turn's answer for its AI card (<see cref="Sessions.ReplyTarget.CardId"/>): chunk 0 is the card's whole text, written
    /// with the card finalized; the other chunks follow as markdown messages. A card that refuses it degrades the
    /// answer to markdown, from the first character the card did not show.
    /// </summary>
    CardFinal,
    /// <summary>Appended to a turn's card as it is closed without an answer (stopped, interrupted): lost, nothing more is said.</summary>
    CardClose,
    /// <summary>Appended to a turn's card as it is closed as failed (the agent's error): lost, nothing more is said.</summary>
    CardFailed,
}
