using System.Text.Json;
using Xunit;

namespace EdgeCrab.Host.Tests.EndToEnd;

/// <summary>
/// Pictures and files reach the model, end to end: the emulator's message files, downloaded through
/// <c>messageFiles/download</c> as the turn runs, read off the requests a real OpenAI-compatible server receives.
/// </summary>
public sealed class AttachmentSpecs
{
    /// <summary>The last user message's parts, as (type, text or image URL).</summary>
    private static (string Type, string Value)[] LastUserParts(JsonElement request)
    {
        var content = request.GetProperty("messages").EnumerateArray().Last(m => m.GetProperty("role").GetString() == "user").GetProperty("content");
        if (content.ValueKind == JsonValueKind.String) return [("text", content.GetString()!)];
        return content.EnumerateArray().Select(part => part.GetProperty("type").GetString() switch
        {
            "image_url" => ("image", part.GetProperty("image_url").GetProperty("url").GetString()!),
            var type => (type!, part.TryGetProperty("text", out var text) ? text.GetString()! : ""),
        }).ToArray();
    }

    private static async Task<(string Type, string Value)[]> SendAsync(GatewayUnderTest t, OpenAiCompatibleServer llm, object inbound)
    {
        var before = llm.Requests.Count;
        await t.Control.SayAsync(inbound);
        await Eventually.True(() => Task.FromResult(llm.Requests.Count > before), "the model asked");
        return LastUserParts(llm.Requests.ElementAt(before));
    }

    [Fact]
    public async Task A_picture_should_reach_the_model_as_image_content()
    {
        await using var llm = await OpenAiCompatibleServer.StartAsync();
        await using var t = await GatewayUnderTest.StartWithModelAsync(llm);
        var parts = await SendAsync(t, llm, new { conversationType = "1", conversationId = "cid-pic", senderStaffId = "user001", msgtype = "picture" });
        var image = Assert.Single(parts, p => p.Type == "image");
        Assert.StartsWith("data:image/png;base64,", image.Value);
        await Eventually.Get(() => t.Control.RobotRepliesAsync("cid-pic"), r => r.Count == 1, "one answer");
    }

    [Fact]
    public async Task A_rich_text_with_text_and_two_pictures_should_reach_the_model_in_order()
    {
        await using var llm = await OpenAiCompatibleServer.StartAsync();
        await using var t = await GatewayUnderTest.StartWithModelAsync(llm);
        var parts = await SendAsync(t, llm, new
        {
            conversationType = "1", conversationId = "cid-two-pics", senderStaffId = "user001", msgtype = "richText",
            items = new object[]
            {
                new { text = "is this" }, new { pictureBase64 = Convert.ToBase64String(SmallPng.Bytes), mediaType = "image/png" },
                new { text = "the same as" }, new { picture = true },
            },
        });
        Assert.Equal(["text", "image", "text", "image"], parts.Select(p => p.Type));
        Assert.Equal("is this", parts[0].Value);
        Assert.Equal("data:image/png;base64," + Convert.ToBase64String(SmallPng.Bytes), parts[1].Value);
        Assert.Equal("the same as", parts[2].Value);
        // The second is the emulator's own 1 × 1 sample: another picture, in its own place.
        Assert.NotEqual(parts[1].Value, parts[3].Value);
        Assert.StartsWith("data:image/png;base64,", parts[3].Value);
    }

    [Fact]
    public async Task A_picture_larger_than_a_model_takes_should_reach_it_scaled_down()
    {
        await using var llm = await OpenAiCompatibleServer.StartAsync();
        await using var t = await GatewayUnderTest.StartWithModelAsync(llm);
        var parts = await SendAsync(t, llm, new
        {
            conversationType = "1", conversationId = "cid-pic-big", senderStaffId = "user001", msgtype = "picture",
            fileBase64 = Convert.ToBase64String(LargeScreenshot()), mediaType = "image/png",
        });
        var image = Assert.Single(parts, p => p.Type == "image");
        Assert.StartsWith("data:image/jpeg;base64,", image.Value);
        using var codec = SkiaSharp.SKCodec.Create(new MemoryStream(Convert.FromBase64String(image.Value[(image.Value.IndexOf(',') + 1)..])));
        Assert.Equal((EdgeCrab.Gateway.Agent.PictureFit.MaxSide, 1024), (codec.Info.Width, codec.Info.Height));
    }

    /// <summary>A 4000 × 2000 PNG (a wide screenshot): small in bytes, too large in pixels for a model.</summary>
    private static byte[] LargeScreenshot()
    {
        using var bitmap = new SkiaSharp.SKBitmap(4000, 2000);
        using (var canvas = new SkiaSharp.SKCanvas(bitmap))
        {
            canvas.Clear(SkiaSharp.SKColors.White);
            using var paint = new SkiaSharp.SKPaint { Color = SkiaSharp.SKColors.SteelBlue };
            canvas.DrawRect(400, 300, 2400, 900, paint);
        }
        using var data = bitmap.Encode(SkiaSharp.SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    [Fact]
    public async Task A_rich_text_in_a_group_should_keep_its_picture_in_place_without_the_robots_mention()
    {
        await using var llm = await OpenAiCompatibleServer.StartAsync();
        await using var t = await GatewayUnderTest.StartWithModelAsync(llm);
        var parts = await SendAsync(t, llm, new
        {
            conversationType = "2", conversationId = "cid-rich", conversationTitle = "Team", senderStaffId = "lilei01", senderNick = "Li Lei",
            msgtype = "richText", text = "what is in this picture?", atRobot = true,
        });
        Assert.Equal(["text", "image"], parts.Select(p => p.Type));
        Assert.Equal("[Li Lei] what is in this picture?", parts[0].Value);
    }

    [Fact]
    public async Task A_model_that_cannot_see_pictures_should_get_descriptions_and_each_conversation_be_told_once()
    {
        await using var llm = await OpenAiCompatibleServer.StartAsync(seesPictures: false);
        await using var t = await GatewayUnderTest.StartWithModelAsync(llm);
        const string described = "LLM says: look at this [a picture, which this model cannot see]";
        const string notice = "(This model cannot see pictures, so it was given a short description of yours instead.";

        // The first picture is refused by the model: the turn tries again with its description, and the user is told why.
        await t.Control.SayAsync(new { conversationType = "1", conversationId = "cid-blind", senderStaffId = "user001", msgtype = "richText", text = "look at this" });
        var first = await Eventually.Get(() => t.Control.RobotRepliesAsync("cid-blind"), r => r.Count == 1, "the first answer");
        Assert.StartsWith(described + "\n\n" + notice, first[0].Text);
        Assert.Equal(2, llm.Requests.Count);

        // Known blind now: the next picture goes as its description at once, and the conversation is not told again.
        await t.Control.SayAsync(new { conversationType = "1", conversationId = "cid-blind", senderStaffId = "user001", msgtype = "richText", text = "look at this" });
        var second = await Eventually.Get(() => t.Control.RobotRepliesAsync("cid-blind"), r => r.Count == 2, "the second answer");
        Assert.Equal(described, second[1].Text);
        Assert.Equal(3, llm.Requests.Count);

        // Another conversation is told, once.
        await t.Control.SayAsync(new { conversationType = "1", conversationId = "cid-blind-2", senderStaffId = "user002", msgtype = "richText", text = "look at this" });
        var other = await Eventually.Get(() => t.Control.RobotRepliesAsync("cid-blind-2"), r => r.Count == 1, "the other conversation's answer");
        Assert.Contains(notice, other[0].Text);
        Assert.Equal(4, llm.Requests.Count);
    }

    [Fact]
    public async Task A_retry_should_fetch_a_fresh_download_URL_and_say_so_when_DingTalk_no_longer_gives_the_picture()
    {
        await using var llm = await OpenAiCompatibleServer.StartAsync();
        await using var t = await GatewayUnderTest.StartWithModelAsync(llm);
        const string conversation = "cid-pic-expiry";
        await t.Control.SayAsync(new { conversationType = "1", conversationId = conversation, senderStaffId = "user001", msgtype = "richText", text = "describe" });
        await Eventually.Get(() => t.Control.RobotRepliesAsync(conversation), r => r.Count == 1, "the first answer");

        // The URL the first turn used is dead; the download code still gives a fresh one.
        await t.Control.FaultAsync(new { expireFileUrls = true });
        await t.Control.DmAsync(conversation, "user001", "/retry");
        var retried = await Eventually.Get(() => t.Control.RobotRepliesAsync(conversation), r => r.Count == 2, "the retried answer");
        Assert.Equal(2, llm.Requests.Count);
        Assert.Contains(LastUserParts(llm.Requests.Last()), p => p.Type == "image");
        Assert.DoesNotContain("could not be fetched", retried[1].Text);

        // The code itself has expired: the model answers without the picture, and the reply says so.
        await t.Control.FaultAsync(new { expireFileCodes = true });
        await t.Control.DmAsync(conversation, "user001", "/retry");
        var without = await Eventually.Get(() => t.Control.RobotRepliesAsync(conversation), r => r.Count == 3, "the answer without the picture");
        Assert.Equal(3, llm.Requests.Count);
        var parts = LastUserParts(llm.Requests.Last());
        Assert.DoesNotContain(parts, p => p.Type == "image");
        Assert.Contains(parts, p => p.Value.StartsWith("[the picture could not be fetched: Rejected", StringComparison.Ordinal));
        Assert.EndsWith("(A picture or file of your message could not be fetched from DingTalk, so the answer is without it. Send it again if it matters.)", without[2].Text);
    }

    [Fact]
    public async Task A_small_text_file_should_reach_the_model_with_its_name_and_content()
    {
        await using var llm = await OpenAiCompatibleServer.StartAsync();
        await using var t = await GatewayUnderTest.StartWithModelAsync(llm);
        // The emulator's file is short UTF-8 text, named by the message's text; the name has no extension, as real ones may not.
        var parts = await SendAsync(t, llm, new { conversationType = "1", conversationId = "cid-file", senderStaffId = "user001", msgtype = "file", text = "README" });
        Assert.Contains(parts, p => p.Type == "text" && p.Value == "[file: README]");
        Assert.Contains(parts, p => p.Type == "text" && p.Value.StartsWith("[file \"README\"]\nemulated file content", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_binary_file_should_be_described_by_name_type_and_size()
    {
        await using var llm = await OpenAiCompatibleServer.StartAsync();
        await using var t = await GatewayUnderTest.StartWithModelAsync(llm);
        var pdf = new byte[3 * 1024];
        "%PDF-1.7\n"u8.CopyTo(pdf);
        var file = await SendAsync(t, llm, new
        {
            conversationType = "1", conversationId = "cid-pdf", senderStaffId = "user001", msgtype = "file", text = "report.pdf",
            fileBase64 = Convert.ToBase64String(pdf), mediaType = "application/pdf",
        });
        Assert.Contains(file, p => p.Value == "[file \"report.pdf\", application/pdf, 3 KiB: not text, so its content cannot be read here]");
    }

    [Fact]
    public async Task A_download_that_fails_twice_then_works_should_still_end_in_one_answer_with_the_picture()
    {
        await using var llm = await OpenAiCompatibleServer.StartAsync();
        await using var t = await GatewayUnderTest.StartWithModelAsync(llm);
        await t.Control.FaultAsync(new { serverErrorNext = 2 });
        var parts = await SendAsync(t, llm, new { conversationType = "1", conversationId = "cid-pic-retry", senderStaffId = "user001", msgtype = "picture" });
        Assert.Contains(parts, p => p.Type == "image");
        await Eventually.Get(() => t.Control.RobotRepliesAsync("cid-pic-retry"), r => r.Count == 1, "one answer");
        await Task.Delay(500);
        Assert.Single(await t.Control.RobotRepliesAsync("cid-pic-retry"));
        Assert.Single(llm.Requests);
    }
}
