using System.Data.Common;

namespace EdgeCrab.Gateway.Persistence;

/// <summary>Named parameters on a plain ADO.NET command, whichever provider made it.</summary>
internal static class DbCommandParameters
{
    /// <summary>Adds the parameter <paramref name="name"/> to <paramref name="command"/>, with <paramref name="value"/> if it is known yet.</summary>
    public static DbParameter AddParameter(this DbCommand command, string name, object? value = null)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
        return parameter;
    }
}
