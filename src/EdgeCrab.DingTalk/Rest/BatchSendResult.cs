namespace EdgeCrab.DingTalk.Rest;

/// <summary>The answer of <c>oToMessages/batchSend</c>: a 200 can still leave some users out, listed here.</summary>
public sealed record BatchSendResult(
    string ProcessQueryKey,
    IReadOnlyList<string> InvalidStaffIds,
    IReadOnlyList<string> FlowControlledStaffIds,
    IReadOnlyList<string> FilteredStaffIds)
{
    public bool AllDelivered => InvalidStaffIds.Count == 0 && FlowControlledStaffIds.Count == 0 && FilteredStaffIds.Count == 0;
}
