using System.Reflection;
using EdgeCrab.Host.Settings;
using Xunit;

namespace EdgeCrab.Host.Tests.Settings;

/// <summary>Keeps the repository's <c>.env.example</c> in step with the variables the loader reads.</summary>
public sealed class EnvExampleSpecs : IDisposable
{
    private readonly TemporaryHome _home = new();

    public void Dispose() => _home.Dispose();

    private static string ExampleText()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "EdgeCrab.Actors.sln"))) folder = folder.Parent;
        Assert.NotNull(folder);
        return File.ReadAllText(Path.Combine(folder.FullName, ".env.example"));
    }

    public static TheoryData<string> VariableNames()
    {
        var names = new TheoryData<string>();
        foreach (var field in typeof(SettingNames).GetFields(BindingFlags.Public | BindingFlags.Static)) names.Add((string)field.GetValue(null)!);
        return names;
    }

    [Theory]
    [MemberData(nameof(VariableNames))]
    public void Example_should_document_every_variable(string name) =>
        Assert.Contains($"# {name}=", ExampleText());

    [Fact]
    public void Example_copied_as_it_is_should_load_the_defaults()
    {
        _home.WithDotEnv(ExampleText());

        Assert.Equal(GatewaySettings.Default(_home.Path).ToString(), _home.LoadValid().ToString());
    }
}
