namespace EdgeCrab.DingTalk.Rest;

/// <summary>A one-time ticket to open one stream websocket; its text form hides the ticket.</summary>
public sealed record StreamTicket(Uri Endpoint, string Ticket)
{
    /// <summary>The websocket URL to dial: the endpoint with the ticket as query parameter.</summary>
    public Uri WebSocketUri => new($"{Endpoint.GetLeftPart(UriPartial.Path)}?ticket={Uri.EscapeDataString(Ticket)}");

    public override string ToString() => $"StreamTicket {{ Endpoint = {Endpoint.GetLeftPart(UriPartial.Path)}, Ticket = *** }}";
}
