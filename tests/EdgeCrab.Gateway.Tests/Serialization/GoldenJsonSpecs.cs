using System.Text;
using Akka.Actor;
using Akka.Serialization;
using EdgeCrab.Gateway.Persistence;
using EdgeCrab.Gateway.Serialization;
using Xunit;

namespace EdgeCrab.Gateway.Tests.Serialization;

/// <summary>
/// The journal's format is a contract. Each manifest's JSON is checked in under <c>Golden/&lt;manifest&gt;.json</c>
/// and compared byte for byte with what the serializer writes for <see cref="GoldenSamples"/>, so a renamed field, a
/// changed case or enum spelling, or a computed property that starts being stored fails here, not in a journal that no
/// longer reads. A change on purpose adds a field that older JSON may lack, and rewrites the file (the failure prints
/// the new JSON); the old file's content then belongs in a read-compatibility spec.
/// </summary>
public sealed class GoldenJsonSpecs : IDisposable
{
    private static readonly string GoldenFolder = Path.Combine(AppContext.BaseDirectory, "Serialization", "Golden");
    private readonly ActorSystem _system = ActorSystem.Create("golden", GatewayHocon.File("gateway.conf"));

    public static TheoryData<string> Manifests() => new(GatewayJsonSerializer.Manifests.Keys.Order());

    [Fact]
    public void Every_registered_type_should_have_a_golden_sample_and_file()
    {
        var registered = GatewayJsonSerializer.Manifests.Keys.Order().ToArray();
        Assert.Equal(registered, GoldenSamples.ByManifest.Keys.Order());
        Assert.Equal(registered, Directory.GetFiles(GoldenFolder, "*.json").Select(Path.GetFileNameWithoutExtension).Order());
        Assert.All(GoldenSamples.ByManifest, p => Assert.Equal(GatewayJsonSerializer.Manifests[p.Key], p.Value.GetType()));
    }

    [Theory]
    [MemberData(nameof(Manifests))]
    public void A_message_should_be_written_exactly_as_its_golden_json(string manifest)
    {
        var sample = GoldenSamples.ByManifest[manifest];
        var serializer = Bound(sample);
        Assert.Equal(manifest, serializer.Manifest(sample));
        var written = Encoding.UTF8.GetString(serializer.ToBinary(sample));
        var golden = Golden(manifest);
        Assert.True(golden == written, $"{manifest} is no longer written as Golden/{manifest}.json. It is now:\n{written}");
    }

    [Theory]
    [MemberData(nameof(Manifests))]
    public void A_golden_json_should_read_back_as_the_message_it_was_written_from(string manifest)
    {
        var serializer = Bound(GoldenSamples.ByManifest[manifest]);
        var golden = Golden(manifest);
        var read = serializer.FromBinary(Encoding.UTF8.GetBytes(golden), manifest);
        Assert.Equal(GatewayJsonSerializer.Manifests[manifest], read.GetType());
        Assert.Equal(golden, Encoding.UTF8.GetString(serializer.ToBinary(read)));
    }

    [Fact]
    public void The_serializer_id_every_stored_row_carries_should_not_change()
    {
        // Stated once, in gateway.conf; this is the contract's check, not a second statement of it: rows written with
        // 4711 only read back through a serializer bound under 4711.
        Assert.Equal(4711, Bound(GoldenSamples.ByManifest["MessageReceived"]).Identifier);
    }

    private SerializerWithStringManifest Bound(object message) =>
        Assert.IsType<GatewayJsonSerializer>(_system.Serialization.FindSerializerFor(message));

    private static string Golden(string manifest)
    {
        var path = Path.Combine(GoldenFolder, manifest + ".json");
        Assert.True(File.Exists(path), $"no golden JSON for {manifest}: add tests/EdgeCrab.Gateway.Tests/Serialization/Golden/{manifest}.json");
        return File.ReadAllText(path).TrimEnd('\r', '\n');
    }

    public void Dispose() => _system.Terminate().Wait(TimeSpan.FromSeconds(10));
}
