using IkmaWorkflow.Programmes.Access;
using IkmaWorkflow.Programmes.Forms;
using IkmaWorkflow.Programmes.Storage;
using IkmaWorkflow.Programmes.Training;

namespace IkmaWorkflow.FunctionApp.Pages;

/// <summary>Reads the pages share, through the same domain reads as the API (so the same 404 for a programme not the caller's).</summary>
internal static class PageData
{
    /// <summary>The programme as <paramref name="caller"/> may see it, or the refusal page.</summary>
    public static async Task<(ProgrammeView? Programme, IResult? Refusal)> ProgrammeAsync(
        PageContext page, string id, Caller caller, RecordStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        var outcome = await ProgrammeRequests.GetAsync(id, caller, store, time, cancellationToken).ConfigureAwait(false);
        return outcome is Problem problem
            ? (null, PageLayout.Refusal(page, PageProblem.Of(problem)))
            : ((ProgrammeView)((Outcome.Done)outcome).Value, null);
    }

    /// <summary>The programme and its participants as the signed-in person may see them, or the refusal page.</summary>
    public static async Task<(ProgrammeView? Programme, IReadOnlyList<EnrolmentRequests.ParticipantView>? Participants, IResult? Refusal)> ProgrammeAndParticipantsAsync(
        PageContext page, string id, RecordStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(page);
        var (programme, refusal) = await ProgrammeAsync(page, id, page.Person.Caller, store, time, cancellationToken).ConfigureAwait(false);
        if (refusal is not null)
        {
            return (null, null, refusal);
        }

        var (participants, refused) = Read<IReadOnlyList<EnrolmentRequests.ParticipantView>>(
            page, await EnrolmentRequests.ListAsync(id, page.Person.Caller, store, time, cancellationToken).ConfigureAwait(false));
        return (programme, participants, refused);
    }

    /// <summary>The value of a domain read, or the refusal page.</summary>
    public static (T? Value, IResult? Refusal) Read<T>(PageContext page, Outcome outcome)
        where T : class =>
        outcome is Problem problem ? (null, PageLayout.Refusal(page, PageProblem.Of(problem))) : ((T)((Outcome.Done)outcome).Value, null);
}
