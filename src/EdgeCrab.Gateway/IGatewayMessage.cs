namespace EdgeCrab.Gateway;

/// <summary>
/// Marks everything that is persisted or crosses nodes. Bound to our JSON serializer in hocon/gateway.conf,
/// so nothing we store ever goes through Akka's default (Newtonsoft) serializer.
/// </summary>
public interface IGatewayMessage;
