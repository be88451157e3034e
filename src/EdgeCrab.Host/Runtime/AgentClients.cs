using System.ClientModel;
using EdgeCrab.Gateway.Agent;
using EdgeCrab.Host.Settings;
using Microsoft.Extensions.AI;
using OpenAI;

namespace EdgeCrab.Host.Runtime;

/// <summary>Chooses the agent from the settings: an OpenAI-compatible endpoint when one is set, else the offline agent.</summary>
internal static class AgentClients
{
    public static IChatClient Create(GatewaySettings settings)
    {
        if (settings.LlmBaseUrl is not { } baseUrl)
            return new OfflineChatClient();
        // Local servers (Ollama, vLLM) take no key, but the client insists on one.
        var credential = new ApiKeyCredential(settings.LlmApiKey ?? "no-key");
        var client = new OpenAIClient(credential, new OpenAIClientOptions
        {
            Endpoint = baseUrl,
            NetworkTimeout = TimeSpan.FromMinutes(5),
            // The client's own retry step, told to honour Retry-After: retries happen before any text streams.
            RetryPolicy = new ModelRetryPolicy(),
        });
        return client.GetChatClient(settings.Model!).AsIChatClient();
    }
}
