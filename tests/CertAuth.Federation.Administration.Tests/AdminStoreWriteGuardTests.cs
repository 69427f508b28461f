using System.Reflection;
using System.Reflection.Emit;
using CertAuth.Federation.Administration;
using CertAuth.Federation.Storage.Stores;

namespace CertAuth.Federation.Administration.Tests;

/// <summary>
/// Nothing but the managers writes admin data (issue 12): the IL of every method in the product assemblies is read,
/// and every call to a write method of an admin store (relying parties, users, trusted CAs, OAuth clients,
/// federation trusts, token-service users' session and enabled stamps, CRL refresh requests, audit) is listed with its
/// caller. Calls from the Administration assembly (the managers) and the Storage assembly (the stores themselves) are
/// allowed; any other fails the test. The sign-in path's just-in-time provisioning (<c>ProvisionAsync</c>) is not an
/// admin write. The test kit (CertAuth.Federation.Testing) is test infrastructure and is not scanned.
/// </summary>
public sealed class AdminStoreWriteGuardTests
{
    private static readonly (Type Store, string[] Methods)[] WriteMethods =
    [
        (typeof(IRelyingPartyStore), ["AddAsync", "UpdateAsync", "RemoveAsync"]),
        (typeof(IUserStore), ["AddAsync", "SetEnabledAsync", "RevokeSessionsAsync"]),
        (typeof(ITrustedAuthorityStore), ["AddAsync", "UpdateAsync", "RemoveAsync"]),
        (typeof(IOAuthClientStore), ["AddAsync", "UpdateAsync", "RemoveAsync"]),
        (typeof(IFederationTrustStore), ["AddAsync", "UpdateAsync", "RemoveAsync"]),
        (typeof(ITokenServiceUserStore), ["SetEnabledAsync", "RevokeSessionsAsync"]),
        (typeof(ICrlRefreshRequestStore), ["RequestAsync", "RequestAllAsync"]),
        (typeof(IFederationSettingsStore), ["SetAsync", "TryAddAsync"]),
        (typeof(IAuditLog), ["WriteAsync"]),
    ];

    /// <summary>Every product assembly that could write: the two roles, the CLI, the shared web layer, the libraries.</summary>
    private static readonly Assembly[] ProductAssemblies =
    [
        typeof(Federation.Server.FederationServerOptions).Assembly,
        typeof(Federation.TokenService.TokenServiceOptions).Assembly,
        typeof(Federation.Cli.CliEnvironment).Assembly,
        typeof(Federation.Web.ThemedPagesSettings).Assembly,
        typeof(Federation.Certificates.Authorities.CertificateAuthorityInspector).Assembly,
        typeof(Federation.Protocols.SamlFailure).Assembly,
        typeof(Federation.Storage.StoreRole).Assembly,
        typeof(AdminCodes).Assembly,
    ];

    private static readonly Assembly[] AllowedWriters = [typeof(AdminCodes).Assembly, typeof(Federation.Storage.StoreRole).Assembly];

    /// <summary>
    /// Runtime facts that are audited but are not admin changes, each named: a client revoking its own tokens
    /// (RFC 7009 <c>/oauth2/revoke</c>) or ending its session (<c>/oauth2/logout</c>) writes only the audit entry of
    /// that act, through the token service's one revoker; a federation server's signed LogoutRequest at
    /// <c>/oauth2/logout/callback</c> writes the audit entry of the families it ended. Nothing else outside the managers
    /// may write the audit log.
    /// </summary>
    private static readonly (string Caller, string Callee)[] RuntimeAuditWrites =
    [
        ("CertAuth.Federation.TokenService.OAuth.TokenRevoker", "IAuditLog.WriteAsync"),
        ("CertAuth.Federation.TokenService.OAuth.FederationLogoutHandler", "IAuditLog.WriteAsync"),
    ];

    [Fact]
    public void OnlyTheManagersAndTheStoresCallAdminStoreWriteMethods()
    {
        var offenders = ProductAssemblies.Where(a => !AllowedWriters.Contains(a))
            .SelectMany(WriteCalls)
            .Where(c => !RuntimeAuditWrites.Any(allowed => IsDeclaredIn(c.Caller, allowed.Caller)
                && $"{c.Callee.DeclaringType?.Name}.{c.Callee.Name}" == allowed.Callee))
            .Select(c => $"{c.Caller.DeclaringType?.FullName}.{c.Caller.Name} calls {c.Callee.DeclaringType?.Name}.{c.Callee.Name}")
            .Distinct()
            .ToList();
        Assert.True(offenders.Count == 0, "admin data written outside the managers:\n" + string.Join("\n", offenders));
    }

    // The caller's type, or the type whose async/iterator state machine (a nested type) the caller is.
    private static bool IsDeclaredIn(MethodBase caller, string typeName)
    {
        for (var type = caller.DeclaringType; type is not null; type = type.DeclaringType)
        {
            if (type.FullName == typeName)
            {
                return true;
            }
        }

        return false;
    }

    [Fact]
    public void TheScannerSeesTheManagersWrites()
    {
        // The control: the same scan finds the managers' writes, so an empty result above means "none", not "blind".
        var managerWrites = WriteCalls(typeof(AdminCodes).Assembly).Select(c => c.Caller.DeclaringType?.FullName ?? string.Empty).ToList();
        Assert.Contains(managerWrites, t => t.Contains("TrustedAuthorityManager", StringComparison.Ordinal));
        Assert.Contains(managerWrites, t => t.Contains("RelyingPartyManager", StringComparison.Ordinal));
        Assert.Contains(managerWrites, t => t.Contains("UserManager", StringComparison.Ordinal));
        Assert.Contains(managerWrites, t => t.Contains("OAuthClientManager", StringComparison.Ordinal));
        Assert.Contains(managerWrites, t => t.Contains("FederationTrustManager", StringComparison.Ordinal));
        Assert.Contains(managerWrites, t => t.Contains("ThemeManager", StringComparison.Ordinal));
        Assert.Contains(managerWrites, t => t.Contains("SigningKeyManager", StringComparison.Ordinal));
    }

    private static IEnumerable<(MethodBase Caller, MethodBase Callee)> WriteCalls(Assembly assembly)
    {
        foreach (var type in LoadableTypes(assembly))
        {
            const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
            foreach (var method in type.GetMethods(all).Cast<MethodBase>().Concat(type.GetConstructors(all)))
            {
                foreach (var callee in IlReader.CalledMethods(method))
                {
                    if (IsAdminWrite(callee))
                    {
                        yield return (method, callee);
                    }
                }
            }
        }
    }

    private static bool IsAdminWrite(MethodBase callee)
    {
        var declaring = callee.DeclaringType;
        if (declaring is null)
        {
            return false;
        }

        foreach (var (store, methods) in WriteMethods)
        {
            if (methods.Contains(callee.Name, StringComparer.Ordinal) && (declaring == store || store.IsAssignableFrom(declaring)))
            {
                return true;
            }
        }

        return false;
    }

    private static IEnumerable<Type> LoadableTypes(Assembly assembly)
    {
        try
        {
            return assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException ex)
        {
            return ex.Types.OfType<Type>();
        }
    }

    /// <summary>Reads the call, callvirt, newobj and ldftn targets out of a method body's IL.</summary>
    private static class IlReader
    {
        private static readonly Dictionary<ushort, OpCode> OpCodesByValue = typeof(OpCodes)
            .GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(f => (OpCode)f.GetValue(null)!)
            .ToDictionary(o => unchecked((ushort)o.Value));

        public static IEnumerable<MethodBase> CalledMethods(MethodBase method)
        {
            byte[]? il;
            try
            {
                il = method.GetMethodBody()?.GetILAsByteArray();
            }
            catch (Exception ex) when (ex is InvalidOperationException or NotSupportedException or BadImageFormatException)
            {
                il = null;
            }

            if (il is null)
            {
                yield break;
            }

            var typeArguments = method.DeclaringType is { IsGenericType: true } t ? t.GetGenericArguments() : null;
            var methodArguments = method.IsGenericMethod ? method.GetGenericArguments() : null;
            var i = 0;
            while (i < il.Length)
            {
                ushort value = il[i++];
                if (value == 0xFE)
                {
                    value = (ushort)(0xFE00 | il[i++]);
                }

                var opCode = OpCodesByValue[value];
                if (opCode.OperandType == OperandType.InlineMethod)
                {
                    var token = BitConverter.ToInt32(il, i);
                    MethodBase? callee = null;
                    try
                    {
                        callee = method.Module.ResolveMethod(token, typeArguments, methodArguments);
                    }
                    catch (Exception ex) when (ex is ArgumentException or BadImageFormatException or TypeLoadException or MissingMethodException)
                    {
                        // An unresolvable reference cannot be a call into the loaded store interfaces.
                    }

                    if (callee is not null)
                    {
                        yield return callee;
                    }
                }

                i += opCode.OperandType switch
                {
                    OperandType.InlineNone => 0,
                    OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
                    OperandType.InlineVar => 2,
                    OperandType.InlineI8 or OperandType.InlineR => 8,
                    OperandType.InlineSwitch => 4 + (4 * BitConverter.ToInt32(il, i)),
                    _ => 4,
                };
            }
        }
    }
}
