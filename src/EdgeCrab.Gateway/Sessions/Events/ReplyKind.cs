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
}
