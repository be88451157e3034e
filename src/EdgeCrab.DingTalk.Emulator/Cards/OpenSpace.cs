namespace EdgeCrab.DingTalk.Emulator.Cards;

/// <summary>A card's <c>openSpaceId</c>: <c>dtv1.card//IM_GROUP.&lt;openConversationId&gt;</c> or <c>dtv1.card//IM_ROBOT.&lt;staffId&gt;</c>.</summary>
internal sealed record OpenSpace(string SpaceType, string SpaceId)
{
    private const string Prefix = "dtv1.card//";

    public bool IsGroup => SpaceType == "IM_GROUP";

    /// <summary>The first space of the id (DingTalk allows several, separated by ';'), or null when it is not one.</summary>
    public static OpenSpace? Parse(string? openSpaceId)
    {
        if (openSpaceId is null || !openSpaceId.StartsWith(Prefix, StringComparison.Ordinal)) return null;
        var first = openSpaceId[Prefix.Length..].Split(';')[0];
        var dot = first.IndexOf('.');
        if (dot <= 0 || dot == first.Length - 1) return null;
        var type = first[..dot];
        return type is "IM_GROUP" or "IM_ROBOT" ? new OpenSpace(type, first[(dot + 1)..]) : null;
    }
}
