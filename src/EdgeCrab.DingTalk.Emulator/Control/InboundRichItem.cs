using EdgeCrab.DingTalk.Emulator.Http;

namespace EdgeCrab.DingTalk.Emulator.Control;

/// <summary>
/// One item of a rich text message as <c>POST /_emulator/inbound</c>'s <c>items</c> gives it: <c>{"text": "..."}</c>,
/// or a picture <c>{"picture": true}</c> (the emulator's sample) or <c>{"pictureBase64": "...", "mediaType": "..."}</c>.
/// </summary>
internal sealed record InboundRichItem(string? Text, byte[]? PictureBytes, string? MediaType)
{
    public bool IsPicture => Text is null;

    /// <summary>The most items a message may have: far more than people send, few enough to bound the work.</summary>
    public const int MaxItems = 50;

    /// <summary>The items, or why they are not (their pictures' bytes together within <see cref="InboundRequest.MaxFileBytes"/>).</summary>
    public static (IReadOnlyList<InboundRichItem>? Items, string? Problem) ReadAll(IReadOnlyList<System.Text.Json.JsonElement> elements)
    {
        if (elements.Count is 0 or > MaxItems) return (null, $"'items' must hold 1 to {MaxItems} items");
        var items = new List<InboundRichItem>();
        long bytes = 0;
        foreach (var element in elements)
        {
            if (element.ValueKind != System.Text.Json.JsonValueKind.Object) return (null, "each of 'items' must be an object");
            var o = new RequestObject(element);
            var text = o.String("text");
            var picture = o.Bool("picture") ?? false;
            var base64 = o.String("pictureBase64", maxLength: InboundRequest.MaxFileBase64Length);
            var mediaType = o.String("mediaType", maxLength: 256);
            if (o.Problem is { } problem) return (null, "in 'items': " + problem);
            if (text is not null == (picture || base64 is not null)) return (null, "each of 'items' must be either {\"text\"} or a picture ({\"picture\": true} or {\"pictureBase64\"})");
            byte[]? pictureBytes = null;
            if (base64 is not null)
            {
                try { pictureBytes = Convert.FromBase64String(base64); }
                catch (FormatException) { return (null, "'pictureBase64' must be base64"); }
                bytes += pictureBytes.Length;
                if (bytes > InboundRequest.MaxFileBytes) return (null, $"the pictures of 'items' hold more than {InboundRequest.MaxFileBytes:N0} bytes together");
            }
            items.Add(new InboundRichItem(text, pictureBytes, mediaType));
        }
        return (items, null);
    }
}
