using System.Text.Json;
using Xunit;

namespace EdgeCrab.Host.Tests.EndToEnd;

/// <summary>
/// What the model is sent, read off a real OpenAI-compatible server on loopback: <c>SOUL.md</c> as the system message
/// (an edit applies to the next turn), and in a group, who wrote each line.
/// </summary>
public sealed class PersonaSpecs
{
    private static (string Role, string Content)[] Messages(JsonElement request) =>
        request.GetProperty("messages").EnumerateArray()
            .Select(m => (m.GetProperty("role").GetString()!, Text(m.GetProperty("content"))))
            .ToArray();

    // A message's content is a string, or an array of parts ({"type":"text","text":…}).
    private static string Text(JsonElement content) => content.ValueKind == JsonValueKind.String
        ? content.GetString()!
        : string.Concat(content.EnumerateArray().Select(part => part.TryGetProperty("text", out var text) ? text.GetString() : ""));

    private static async Task<(string Role, string Content)[]> AskAsync(GatewayUnderTest t, OpenAiCompatibleServer llm, string conversation, string text)
    {
        var before = llm.Requests.Count;
        await t.Control.DmAsync(conversation, "user001", text);
        await Eventually.True(() => Task.FromResult(llm.Requests.Count > before), $"the model asked about '{text}'");
        return Messages(llm.Requests.ElementAt(before));
    }

    [Fact]
    public async Task SOUL_md_should_be_the_system_message_and_an_edit_should_apply_to_the_next_turn()
    {
        await using var llm = await OpenAiCompatibleServer.StartAsync();
        await using var t = await GatewayUnderTest.StartWithModelAsync(llm);
        var soul = Path.Combine(t.Home, "SOUL.md");

        Assert.DoesNotContain(await AskAsync(t, llm, "cid-soul", "no persona yet"), m => m.Role == "system");

        await File.WriteAllTextAsync(soul, "You are 小白, the team's patient helper.\n");
        var first = await AskAsync(t, llm, "cid-soul", "who are you?");
        Assert.Equal(("system", "You are 小白, the team's patient helper."), first[0]);
        Assert.Single(first, m => m.Role == "system");

        await File.WriteAllTextAsync(soul, "You answer in one sentence.");
        File.SetLastWriteTimeUtc(soul, DateTime.UtcNow.AddSeconds(5)); // a new write time even on a coarse clock
        Assert.Equal(("system", "You answer in one sentence."), (await AskAsync(t, llm, "cid-soul", "and now?"))[0]);

        await File.WriteAllTextAsync(soul, "   \n");
        File.SetLastWriteTimeUtc(soul, DateTime.UtcNow.AddSeconds(10));
        Assert.DoesNotContain(await AskAsync(t, llm, "cid-soul", "an empty persona"), m => m.Role == "system");
    }

    [Fact]
    public async Task In_a_group_the_model_should_know_who_wrote_each_line()
    {
        await using var llm = await OpenAiCompatibleServer.StartAsync();
        await using var t = await GatewayUnderTest.StartWithModelAsync(llm);
        await t.Control.SayAsync(new { conversationType = "2", conversationId = "cid-who", conversationTitle = "Team", senderStaffId = "lilei01", senderNick = "Li Lei", text = "what is a monad?", atRobot = true });
        await Eventually.Get(() => t.Control.RobotRepliesAsync("cid-who"), r => r.Count == 1, "the first answer");
        var before = llm.Requests.Count;
        await t.Control.SayAsync(new { conversationType = "2", conversationId = "cid-who", conversationTitle = "Team", senderStaffId = "hanmeimei", senderNick = "韩梅梅", text = "what did Li Lei ask?", atRobot = true });
        await Eventually.True(() => Task.FromResult(llm.Requests.Count > before), "the second request");

        var users = Messages(llm.Requests.ElementAt(before)).Where(m => m.Role == "user").Select(m => m.Content).ToArray();
        Assert.Equal(["[Li Lei] what is a monad?", "[韩梅梅] what did Li Lei ask?"], users);
    }
}
