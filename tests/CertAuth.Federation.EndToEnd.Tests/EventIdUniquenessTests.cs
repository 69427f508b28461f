using System.Reflection;
using Microsoft.Extensions.Logging;

namespace CertAuth.Federation.EndToEnd.Tests;

/// <summary>
/// Issue #15: the federation server and the token service run in one process (the host), so a log event id must name one
/// event across all the product assemblies they load. Reflects over every <see cref="LoggerMessageAttribute"/> method.
/// </summary>
public sealed class EventIdUniquenessTests
{
    private static readonly string[] ProductAssemblies =
    [
        "CertAuth.Federation.Certificates",
        "CertAuth.Federation.Protocols",
        "CertAuth.Federation.Storage",
        "CertAuth.Federation.Web",
        "CertAuth.Federation.Server",
        "CertAuth.Federation.TokenService",
        "CertAuth.Federation.AdminApi",
    ];

    [Fact]
    public void EveryLoggerMessageEventId_IsUniqueAcrossTheProductAssemblies()
    {
        var events = ProductAssemblies
            .Select(name => Assembly.Load(name))
            .SelectMany(assembly => assembly.GetTypes())
            .SelectMany(type => type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .Select(method => (Method: method, Attribute: method.GetCustomAttribute<LoggerMessageAttribute>()))
            .Where(m => m.Attribute is not null)
            .Select(m => (m.Attribute!.EventId, Name: $"{m.Method.DeclaringType!.Assembly.GetName().Name}: {m.Method.DeclaringType.FullName}.{m.Method.Name}"))
            .ToList();

        // Every assembly that logs is seen (the reflection found what it should).
        Assert.True(events.Count >= 40, $"only {events.Count} LoggerMessage methods found");
        foreach (var name in new[] { "CertAuth.Federation.Certificates", "CertAuth.Federation.Server", "CertAuth.Federation.TokenService", "CertAuth.Federation.Protocols" })
        {
            Assert.Contains(events, e => e.Name.StartsWith(name + ":", StringComparison.Ordinal));
        }

        var duplicates = events.GroupBy(e => e.EventId).Where(g => g.Count() > 1)
            .Select(g => $"{g.Key}: {string.Join(", ", g.Select(e => e.Name))}").ToList();
        Assert.True(duplicates.Count == 0, "Event ids used twice:\n" + string.Join("\n", duplicates));
    }
}
