using System.Diagnostics;
using EdgeCrab.Host.Tests.EndToEnd;
using EdgeCrab.Tests.Support;

namespace EdgeCrab.Host.Tests.Faults;

/// <summary>
/// A PostgreSQL server of this test's own (initdb in a temp folder, a free loopback port), so the test can stop and
/// start it without touching the server other tests share. Needs Debian's postgresql binaries and root (initdb runs
/// as the postgres user), which is what <c>tests/postgres/start.sh</c> needs too.
/// </summary>
internal sealed class PrivatePostgres : IAsyncDisposable
{
    private readonly string _bin;
    private readonly string _dir;
    private readonly int _port;

    private PrivatePostgres(string bin, string dir, int port)
    {
        _bin = bin;
        _dir = dir;
        _port = port;
    }

    public string ConnectionString => $"Host=127.0.0.1;Port={_port};Username=postgres;Database=postgres;Timeout=5;MaxPoolSize=40";

    /// <summary>Null with the reason when this machine cannot run one.</summary>
    public static string? WhyNot()
    {
        if (Bin() is null) return "PostgreSQL server binaries are not installed (apt-get install postgresql)";
        if (Environment.UserName != "root") return "starting a private PostgreSQL server needs root (initdb runs as the postgres user)";
        return null;
    }

    public static async Task<PrivatePostgres> StartAsync()
    {
        var bin = Bin() ?? throw new InvalidOperationException(WhyNot());
        var dir = Path.Combine(Path.GetTempPath(), "edgecrab-pg-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        await RunAsync("chown", "postgres", dir);
        await AsPostgres($"{bin}/initdb -D {dir} -U postgres --auth=trust -E UTF8");
        var server = new PrivatePostgres(bin, dir, FreePort.Next());
        await server.StartServerAsync();
        return server;
    }

    public Task StartServerAsync() =>
        AsPostgres($"{_bin}/pg_ctl -D {_dir} -w -l {_dir}/server.log -o \"-p {_port} -k {_dir} -c listen_addresses=127.0.0.1\" start");

    /// <summary>Stops the server at once, cutting every connection, as a crash or a failover does to its clients.</summary>
    public Task StopServerAsync() => AsPostgres($"{_bin}/pg_ctl -D {_dir} -w -m immediate stop");

    public async ValueTask DisposeAsync()
    {
        try { await StopServerAsync(); } catch (InvalidOperationException) { }
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private static string? Bin() => Directory.Exists("/usr/lib/postgresql")
        ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(b => File.Exists(Path.Combine(b, "initdb"))).Order().LastOrDefault()
        : null;

    private static Task AsPostgres(string command) => RunAsync("su", "postgres", "-s", "/bin/sh", "-c", command);

    private static async Task RunAsync(string file, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited {process.ExitCode}: {await output}{await error}");
    }
}

/// <summary>A test that stops and starts a PostgreSQL server of its own: skips locally where it cannot, never under CI=true.</summary>
public sealed class PrivatePostgresFactAttribute : Xunit.FactAttribute
{
    public PrivatePostgresFactAttribute()
    {
        if (!Prerequisites.InCi && PrivatePostgres.WhyNot() is { } reason) Skip = "needs a PostgreSQL server of its own: " + reason;
    }
}
