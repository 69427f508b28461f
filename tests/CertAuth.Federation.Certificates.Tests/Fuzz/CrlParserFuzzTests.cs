using System.Security.Cryptography.X509Certificates;
using System.Text;
using CertAuth.Federation.Testing.Pki;
using CertAuth.Federation.Certificates.Revocation;
using CsCheck;
using Microsoft.Extensions.Time.Testing;

namespace CertAuth.Federation.Certificates.Tests.Fuzz;

/// <summary>
/// Property tests over the CRL parser and signature check (the bytes come from a download): random DER, mutations of a
/// real signed base and delta CRL, PEM framing. <c>TryParse</c> never throws, <c>Parse</c> throws only
/// <see cref="CrlFormatException"/>, verification never throws, and a mutated CRL that still verifies revokes exactly
/// the same serials. About 11,000 cases.
/// </summary>
public sealed class CrlParserFuzzTests
{
    private static readonly DateTimeOffset Now = new(2025, 6, 1, 8, 0, 0, TimeSpan.Zero);
    private static readonly TestPki Pki = TestPki.Create(new FakeTimeProvider(Now));
    private static readonly string[] RevokedSerials = Revoke(Pki, 5);
    private static readonly byte[] BaseCrl = Pki.BuildCrl();
    private static readonly byte[] DeltaCrl = Pki.BuildDeltaCrl();

    [Fact]
    public void RandomBytes_NeverThrowUntyped() =>
        FuzzBudget.Run(Gen.Byte.Array[0, 2048], 4000, ParseAndVerify);

    [Fact]
    public void DerShapedRandomBytes_NeverThrowUntyped() =>
        FuzzBudget.Run(Gen.Byte.Array[0, 512].Select(body => (byte[])[0x30, 0x82, (byte)(body.Length >> 8), (byte)body.Length, .. body]), 2000, ParseAndVerify);

    [Fact]
    public void MutatedSignedCrls_AreRefusedTyped_OrRevokeTheSameSerials()
    {
        Assert.Null(CrlSignatureVerifier.Verify(CrlParser.Parse(BaseCrl), Pki.IssuingCa));
        var mutations = Gen.Select(Gen.Bool, Gen.Int[0, 3], Gen.Int[0, BaseCrl.Length - 1], Gen.Byte, Gen.Int[1, 16]);
        FuzzBudget.Run(mutations, 4000, m =>
        {
            var original = m.Item1 ? BaseCrl : DeltaCrl;
            var data = Mutate(original, m.Item2, m.Item3 % original.Length, m.Item4, m.Item5);
            if (!CrlParser.TryParse(data, out var crl, out var error))
            {
                Assert.False(string.IsNullOrWhiteSpace(error));
                return;
            }

            // The base CRL lists the five serials; one that still verifies after the mutation must list them all.
            if (CrlSignatureVerifier.Verify(crl!, Pki.IssuingCa) is null && m.Item1)
            {
                Assert.All(RevokedSerials, serial => Assert.True(crl!.TryGetRevocation(serial, out _), "A CRL that still verifies lost a revoked serial."));
            }
        });
    }

    [Fact]
    public void PemFraming_WithRandomBodies_NeverThrowsUntyped() =>
        FuzzBudget.Run(Gen.String[Gen.Char["ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=\r\n- "], 0, 1024], 1000, body =>
            ParseAndVerify(Encoding.ASCII.GetBytes("-----BEGIN X509 CRL-----\n" + body + "\n-----END X509 CRL-----\n")));

    private static void ParseAndVerify(byte[] data)
    {
        Assert.Equal(CrlParser.TryParse(data, out var crl, out _), crl is not null);
        if (crl is not null)
        {
            _ = CrlSignatureVerifier.Verify(crl, Pki.IssuingCa);
            _ = crl.TryGetRevocation("0A1B", out _);
        }
        else
        {
            Assert.Throws<CrlFormatException>(() => CrlParser.Parse(data));
        }
    }

    private static byte[] Mutate(byte[] original, int kind, int position, byte value, int length)
    {
        var data = original.ToList();
        length = Math.Min(length, data.Count - position);
        switch (kind)
        {
            case 0:
                data[position] = value;
                break;
            case 1:
                data[position] ^= (byte)(1 << (value % 8));
                break;
            case 2:
                data.RemoveRange(position, length);
                break;
            default:
                data.InsertRange(position, Enumerable.Repeat(value, length));
                break;
        }

        return [.. data];
    }

    private static string[] Revoke(TestPki pki, int count)
    {
        var serials = new string[count];
        for (var i = 0; i < count; i++)
        {
            var user = pki.IssueUser("user" + i, upn: $"user{i}@contoso.com");
            pki.Revoke(user, X509RevocationReason.KeyCompromise, Now.AddMinutes(-i));
            serials[i] = user.SerialNumber;
        }

        return serials;
    }
}
