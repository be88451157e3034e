using RobotMessageText = EdgeCrab.DingTalk.Robot.RobotMessageText;
using EdgeCrab.Gateway.Sessions;
using Microsoft.Extensions.AI;

namespace EdgeCrab.Gateway.Agent;

/// <summary>The pictures and files of a turn's prompt, and where they come from.</summary>
public sealed record TurnFiles(IReadOnlyList<Attachment> Attachments, IAttachmentSource Source)
{
    /// <summary>
    /// The prompt as the model gets it: its text with each picture in the place of its <c>[picture]</c> marker, then
    /// the files, each with its name. Fetched one after another, in order.
    /// </summary>
    public async Task<IList<AIContent>> ContentsAsync(string text, CancellationToken ct)
    {
        var pictures = new Queue<AIContent>();
        var files = new List<AIContent>();
        foreach (var attachment in Attachments)
        {
            var content = await Source.FetchAsync(attachment, ct).ConfigureAwait(false);
            if (attachment.Kind == AttachmentKind.Picture) pictures.Enqueue(content);
            else files.Add(content);
        }
        var contents = new List<AIContent>();
        var pieces = text.Split(RobotMessageText.PictureMarker);
        for (var i = 0; i < pieces.Length; i++)
        {
            if (pieces[i].Trim().Length > 0) contents.Add(new TextContent(pieces[i].Trim()));
            if (i < pieces.Length - 1 && pictures.TryDequeue(out var picture)) contents.Add(picture);
        }
        contents.AddRange(pictures);
        contents.AddRange(files);
        return contents;
    }
}
