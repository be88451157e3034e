using EdgeCrab.Tests.Support;
using Xunit;

namespace EdgeCrab.Host.Tests.Cluster;

/// <summary>
/// A test that needs the PostgreSQL server named by <c>EDGECRAB_TEST_POSTGRES</c> (tests/postgres/start.sh prints
/// one). Without it the test skips with that reason, except under CI=true, where it runs and fails loudly.
/// </summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public const string Variable = "EDGECRAB_TEST_POSTGRES";

    public PostgresFactAttribute()
    {
        if (string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(Variable)) && !Prerequisites.InCi)
            Skip = $"needs a PostgreSQL server: set {Variable} (e.g. to the output of tests/postgres/start.sh, which .ci/run runs)";
    }
}
