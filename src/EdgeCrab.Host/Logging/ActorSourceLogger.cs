using System.Collections.Concurrent;
using Akka.Actor;
using Akka.Event;
using Akka.Hosting.Logging;
using Microsoft.Extensions.Logging;
using AkkaLogLevel = Akka.Event.LogLevel;
using LogLevel = Microsoft.Extensions.Logging.LogLevel;

namespace EdgeCrab.Host.Logging;

/// <summary>
/// Akka's log events into Microsoft.Extensions.Logging (and so Serilog), each under the category of the class that
/// logged it: <c>EdgeCrab.Gateway.Connection.StreamSocket</c>, <c>Akka.Cluster.ClusterCoreDaemon</c>. Akka.Hosting's own
/// bridge puts every event under <c>Akka.Actor.ActorSystem</c>, so neither a tag (<see cref="SourceTagEnricher"/>)
/// nor a per-namespace level could tell the gateway's lines from Akka's. Akka.Logger.Serilog would, but it writes to
/// Serilog's static <c>Log.Logger</c>, and one process may hold several gateways (the test clusters), each with its own.
/// </summary>
internal sealed class ActorSourceLogger : LoggerFactoryLogger
{
    private readonly ILoggerFactory _factory;
    private readonly ConcurrentDictionary<Type, ILogger> _loggers = new();

    public ActorSourceLogger()
    {
        _factory = Context.System.Settings.Setup.Get<LoggerFactorySetup>().Value.LoggerFactory;
    }

    protected override void Log(LogEvent log, ActorPath path)
    {
        var logger = _loggers.GetOrAdd(log.LogClass, type => _factory.CreateLogger(type.FullName ?? type.Name));
        var level = log.LogLevel() switch
        {
            AkkaLogLevel.DebugLevel => LogLevel.Debug,
            AkkaLogLevel.InfoLevel => LogLevel.Information,
            AkkaLogLevel.WarningLevel => LogLevel.Warning,
            _ => LogLevel.Error,
        };
        if (!logger.IsEnabled(level)) return;
        var message = Format(log);
        // The text as its own template, braces escaped so none is read as a hole; the actor's path and source beside it.
        var state = new List<KeyValuePair<string, object?>>
        {
            new("{OriginalFormat}", message.Replace("{", "{{", StringComparison.Ordinal).Replace("}", "}}", StringComparison.Ordinal)),
            new("ActorPath", path.ToString()),
            new("LogSource", log.LogSource),
        };
        logger.Log(level, default, state, log.Cause, (_, _) => message);
    }

    /// <summary>A message whose arguments do not fit its template is still logged, as its raw parts.</summary>
    private static string Format(LogEvent log)
    {
        try
        {
            // LogEvent.ToString() would lead with Akka's own [level][time][thread][source] header: the sinks print those.
            return (log.Message is LogMessage formatted ? formatted.ToString() : log.Message?.ToString()) ?? "";
        }
        catch (FormatException)
        {
            return log.Message is LogMessage m
                ? $"(malformed log message) {m.Format} [{string.Join(", ", m.Unformatted())}]"
                : $"(malformed log message) {log.Message}";
        }
    }
}
