using RobotMessageText = EdgeCrab.DingTalk.Robot.RobotMessageText;
using EdgeCrab.Gateway.Sessions;
using Microsoft.Extensions.AI;

namespace EdgeCrab.Gateway.Agent;

/// <summary>The pictures and files of a turn's prompt, where they come from, and whether the model can see pictures.</summary>
public sealed record TurnFiles(IReadOnlyList<Attachment> Attachments, IAttachmentSource Source, ModelSight Sight)
{
    /// <summary>What a model that cannot see pictures gets in a picture's place.</summary>
    public const string UnseenPicture = "[a picture, which this model cannot see]";

    /// <summary>
    /// The prompt as the model gets it: its text with each picture in the place of its <c>[picture]</c> marker, then
    /// the files, each with its name; how many DingTalk would not give; and whether pictures were left out for a model
    /// known to be blind (they are not fetched at all then). Fetched one after another, in order.
    /// </summary>
    public async Task<(IList<AIContent> Contents, int Unfetched, bool PicturesUnseen)> ContentsAsync(string text, CancellationToken ct)
    {
        var pictures = new Queue<AIContent>();
        var files = new List<AIContent>();
        var unfetched = 0;
        var unseen = false;
        foreach (var attachment in Attachments)
        {
            var blind = attachment.Kind == AttachmentKind.Picture && Sight.Blind;
            unseen |= blind;
            var fetched = blind
                ? new FetchedAttachment(new TextContent(UnseenPicture))
                : await Source.FetchAsync(attachment, ct).ConfigureAwait(false);
            if (fetched.Unfetched) unfetched++;
            if (attachment.Kind == AttachmentKind.Picture) pictures.Enqueue(fetched.Content);
            else files.Add(fetched.Content);
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
        return (contents, unfetched, unseen);
    }

    /// <summary>Whether the model would be sent a picture: the contents hold one.</summary>
    public static bool HasPictures(IEnumerable<AIContent> contents) => contents.Any(IsPicture);

    /// <summary>The same contents with each picture replaced by <see cref="UnseenPicture"/>, for a model that refused them.</summary>
    public static IList<AIContent> WithoutPictures(IEnumerable<AIContent> contents) =>
        contents.Select(c => IsPicture(c) ? new TextContent(UnseenPicture) : c).ToList();

    private static bool IsPicture(AIContent content) => content is DataContent data && data.HasTopLevelMediaType("image");
}
