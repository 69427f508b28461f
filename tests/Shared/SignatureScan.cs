using System.Reflection;

namespace CertAuth.Federation.Tests.Shared;

/// <summary>The types a class names in its member signatures: the boundary guards of both roles' domain types use it.</summary>
internal static class SignatureScan
{
    /// <summary>Every type named by a member's signature (parameters, return, property, field), generics and tuples unwrapped.</summary>
    public static IEnumerable<(string Member, Type Type)> SignatureTypes(Type type)
    {
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        foreach (var method in type.GetMethods(all).Cast<MethodBase>().Concat(type.GetConstructors(all)))
        {
            var named = method is MethodInfo info ? method.GetParameters().Select(p => p.ParameterType).Append(info.ReturnType) : method.GetParameters().Select(p => p.ParameterType);
            foreach (var t in named.SelectMany(Unwrap))
            {
                yield return ($"{type.FullName}.{method.Name}", t);
            }
        }

        foreach (var t in type.GetProperties(all).Select(p => p.PropertyType).Concat(type.GetFields(all).Select(f => f.FieldType)).SelectMany(Unwrap))
        {
            yield return ($"{type.FullName} (property/field)", t);
        }
    }

    private static IEnumerable<Type> Unwrap(Type type)
    {
        if (type.IsByRef || type.IsArray || type.IsPointer)
        {
            return Unwrap(type.GetElementType()!);
        }

        return type.IsGenericType ? type.GetGenericArguments().SelectMany(Unwrap).Prepend(type) : [type];
    }
}
