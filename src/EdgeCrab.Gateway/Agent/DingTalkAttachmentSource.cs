using System.Text;
using EdgeCrab.DingTalk.Rest;
using EdgeCrab.Gateway.Sessions;
using Microsoft.Extensions.AI;

namespace EdgeCrab.Gateway.Agent;

/// <summary>
/// Downloads pictures and files through DingTalk's <c>messageFiles/download</c>, for the model: a picture as image
/// content of its media type (downloads up to <see cref="MaxPictureDownloadBytes"/>, scaled down to fit
/// <see cref="MaxPictureBytes"/> and <see cref="PictureFit.MaxSide"/>), a small text file as its text with its name
/// (text told by its content, not its name: real file names may have no extension), anything else described by name,
/// type and size. A download is tried three times (a fresh URL each time, so an expired one does not matter); what
/// still fails is described, so the turn goes on. No URL or token is ever put in the text or a log.
/// </summary>
public sealed class DingTalkAttachmentSource(DingTalkRestClient rest, string robotCode) : IAttachmentSource
{
    /// <summary>The most a picture sent to the model may weigh: what OpenAI-compatible providers commonly take per image.</summary>
    public const long MaxPictureBytes = 5 * 1024 * 1024;
    /// <summary>The largest picture downloaded at all (DingTalk's own limit on a sent picture is 20 MB): larger ones are described.</summary>
    public const long MaxPictureDownloadBytes = 20 * 1024 * 1024;
    public const long MaxFileBytes = 10 * 1024 * 1024;
    public const int MaxFileTextChars = 100_000;
    private const int Attempts = 3;

    public async Task<FetchedAttachment> FetchAsync(Attachment attachment, CancellationToken ct)
    {
        var what = attachment.Kind == AttachmentKind.Picture ? "picture" : $"file \"{attachment.FileName ?? "(no name)"}\"";
        var limit = attachment.Kind == AttachmentKind.Picture ? MaxPictureDownloadBytes : MaxFileBytes;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var file = await rest.DownloadMessageFileAsync(robotCode, attachment.DownloadCode, limit, ct).ConfigureAwait(false);
                return new FetchedAttachment(attachment.Kind == AttachmentKind.Picture ? Picture(file) : File(attachment.FileName, file));
            }
            catch (DingTalkApiException e) when (e.IsRetryable && attempt < Attempts)
            {
                await Task.Delay(TimeSpan.FromSeconds(attempt), ct).ConfigureAwait(false);
            }
            catch (DingTalkApiException e)
            {
                return new FetchedAttachment(new TextContent($"[the {what} could not be fetched: {e.Kind}{(e.Kind == DingTalkErrorKind.Rejected ? ", " + ShortReason(e) : "")}]"), Unfetched: true);
            }
        }
    }

    private static string ShortReason(DingTalkApiException e) => e.Message[(e.Message.IndexOf("): ", StringComparison.Ordinal) + 3)..];

    private static AIContent Picture(MessageFile file)
    {
        var type = file.MediaType is { } t && t.StartsWith("image/", StringComparison.Ordinal) ? t : Sniff(file.Bytes);
        var fitted = type is null ? null : PictureFit.Fit(file.Bytes, type, MaxPictureBytes);
        return fitted is null
            ? new TextContent($"[a picture in a format that cannot be shown ({file.MediaType ?? "unknown type"}, {Size(file.Bytes.Length)})]")
            : new DataContent(fitted.Bytes, fitted.MediaType);
    }

    private static AIContent File(string? name, MessageFile file)
    {
        var label = $"\"{name ?? "(no name)"}\"";
        if (AsText(file.Bytes) is not { } text)
            return new TextContent($"[file {label}, {file.MediaType ?? "unknown type"}, {Size(file.Bytes.Length)}: not text, so its content cannot be read here]");
        return text.Length <= MaxFileTextChars
            ? new TextContent($"[file {label}]\n{text}")
            : new TextContent($"[file {label}, its first {MaxFileTextChars:N0} of {text.Length:N0} characters]\n{text[..MaxFileTextChars]}");
    }

    // Text is what decodes as UTF-8 and holds no NUL: what txt, md, csv, json and code are, whatever their names.
    private static string? AsText(byte[] bytes)
    {
        if (Array.IndexOf(bytes, (byte)0) >= 0) return null;
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    private static string? Sniff(byte[] b) => b switch
    {
        [0x89, 0x50, 0x4E, 0x47, ..] => "image/png",
        [0xFF, 0xD8, 0xFF, ..] => "image/jpeg",
        [0x47, 0x49, 0x46, 0x38, ..] => "image/gif",
        [0x52, 0x49, 0x46, 0x46, _, _, _, _, 0x57, 0x45, 0x42, 0x50, ..] => "image/webp",
        _ => null,
    };

    private static string Size(long bytes) => bytes < 1024 ? $"{bytes} B" : bytes < 1024 * 1024 ? $"{bytes / 1024.0:0.#} KiB" : $"{bytes / 1024.0 / 1024.0:0.#} MiB";
}
