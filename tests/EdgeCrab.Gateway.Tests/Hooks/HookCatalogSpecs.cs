using EdgeCrab.Gateway.Hooks;
using Xunit;

namespace EdgeCrab.Gateway.Tests.Hooks;

/// <summary>The catalog over a real folder: what it lists, and that it follows the folder as people edit it.</summary>
public sealed class HookCatalogSpecs : IDisposable
{
    private readonly string _home = Path.Combine(Path.GetTempPath(), "edgecrab-catalog-" + Guid.NewGuid().ToString("N"));

    private string Hooks => Path.Combine(_home, "hooks");

    public void Dispose()
    {
        if (Directory.Exists(_home)) Directory.Delete(_home, recursive: true);
    }

    private void Hook(string name, string manifest) => HookFolders.Write(Hooks, name, manifest);

    [Fact]
    public void A_missing_folder_should_list_no_hooks_and_pick_up_one_made_later()
    {
        Directory.CreateDirectory(_home);
        using var catalog = new HookCatalog(Hooks);
        catalog.Refresh();
        Assert.Empty(catalog.Current);
        Assert.False(catalog.AnyLoaded);

        Hook("broken", "events: [");
        Assert.True(catalog.Refresh());
        Assert.False(catalog.AnyLoaded, "a broken folder is no hook to run");

        Hook("audit", "events: ['*']\npriority: 5");

        Assert.True(catalog.Refresh());
        Assert.True(catalog.AnyLoaded);
        Assert.Equal("audit", Assert.Single(catalog.Current.OfType<HookLoad.Loaded>()).Folder);
        Assert.Contains("• audit [shell] p=5", catalog.Listing);
    }

    [Fact]
    public void An_edit_a_breakage_and_a_removal_should_each_show_on_the_next_look()
    {
        Hook("guard", "events: ['command:*']");
        Hook("audit", "events: ['*']");
        using var catalog = new HookCatalog(Hooks);
        Assert.True(catalog.Refresh());
        Assert.False(catalog.Refresh(), "nothing changed, nothing read");

        File.WriteAllText(Path.Combine(Hooks, "guard", HookFolder.ManifestFile), "events: ['command:status']\npriority: 1\ndescription: only status");
        Assert.True(catalog.Refresh());
        Assert.Contains("• guard [shell] p=1", catalog.Listing);
        Assert.Contains("only status", catalog.Listing);

        File.WriteAllText(Path.Combine(Hooks, "audit", HookFolder.ManifestFile), "events: [");
        Assert.True(catalog.Refresh());
        Assert.Contains("• hooks/audit: HOOK.yaml is not valid YAML", catalog.Listing);
        Assert.Contains("• guard", catalog.Listing);

        Directory.Delete(Path.Combine(Hooks, "audit"), recursive: true);
        Assert.True(catalog.Refresh());
        Assert.DoesNotContain("audit", catalog.Listing);
    }

    [Fact]
    public async Task Watching_should_pick_up_a_hook_added_while_it_runs()
    {
        Directory.CreateDirectory(Hooks);
        using var catalog = new HookCatalog(Hooks).Watch(TimeSpan.FromMilliseconds(100));
        Assert.Empty(catalog.Current);

        Hook("late", "events: ['agent:end']");

        await Eventually.True(() => catalog.Current.Count == 1, "the hook added after start");
        Assert.DoesNotContain(_home, catalog.Listing);
    }

    [Fact]
    public void No_folder_at_all_should_list_none() => Assert.Equal(HookListing.Write([]), HookCatalog.None.Listing);
}
