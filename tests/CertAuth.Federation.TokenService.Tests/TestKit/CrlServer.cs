using CertAuth.Federation.Testing;

namespace CertAuth.Federation.TokenService.Tests.TestKit;

/// <summary>
/// A real HTTP listener on loopback serving CRLs by name (the test kit's <see cref="LoopbackCrlServer"/>); it can fail
/// (<see cref="LoopbackCrlServer.FailWith"/>) or hang (<see cref="Hold"/>) on demand.
/// </summary>
public sealed class CrlServer : LoopbackCrlServer
{
    private TaskCompletionSource? _hold;

    private CrlServer()
    {
    }

    /// <summary>When set, requests wait for this task before answering (to provoke timeouts); null lets them through.</summary>
    public TaskCompletionSource? Hold
    {
        get => _hold;
        set
        {
            _hold = value;
            if (value is null)
            {
                ReleaseRequests();
            }
            else
            {
                HoldRequests(value.Task);
            }
        }
    }

    /// <summary>Signalled when a held request has arrived.</summary>
    public TaskCompletionSource HeldRequestArrived { get; private set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>How many requests arrived.</summary>
    public int RequestCount => Requests;

    public static async Task<CrlServer> StartAsync()
    {
        var server = new CrlServer();
        await server.ListenAsync();
        return server;
    }

    public void ResetHold()
    {
        Hold = null;
        HeldRequestArrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    protected override void OnRequestHeld(string path) => HeldRequestArrived.TrySetResult();
}
