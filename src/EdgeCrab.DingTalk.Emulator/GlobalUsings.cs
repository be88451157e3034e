// The project uses the plain SDK with an ASP.NET Core framework reference, which brings no implicit web usings.
global using Microsoft.AspNetCore.Builder;
global using Microsoft.AspNetCore.Http;
global using Microsoft.AspNetCore.Routing;
global using Microsoft.Extensions.DependencyInjection;
