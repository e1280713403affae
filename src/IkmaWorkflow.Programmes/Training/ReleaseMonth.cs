using IkmaWorkflow.Programmes.Forms;
using IkmaWorkflow.Programmes.Storage;

namespace IkmaWorkflow.Programmes.Training;

/// <summary>
/// The range an inmate's expected release month must lie in: from the month of the programme's training week to
/// <see cref="MaxYearsAfterStart"/> years after it. The month sets how long the person's data is kept (three years
/// after it), so a mistyped year such as 1900 would have the daily purge erase the person before the training.
/// </summary>
public static class ReleaseMonth
{
    /// <summary>
    /// The latest expected release accepted, in years after the training week's first day: 20, the longest fixed
    /// prison term Indonesian criminal law allows (a life sentence has no release month to give), so a later month
    /// can only be a mistyped year.
    /// </summary>
    public const int MaxYearsAfterStart = 20;

    /// <summary>Reports on <paramref name="form"/>'s field <paramref name="field"/> a month outside the range of <paramref name="programme"/>.</summary>
    /// <param name="form">The form being read.</param>
    /// <param name="field">The field's name, such as <c>expectedReleaseMonth</c>.</param>
    /// <param name="month">The month, as its first day.</param>
    /// <param name="programme">The programme, planned (with its training week).</param>
    public static void Check(FormReader form, string field, DateOnly month, ProgrammeEntity programme)
    {
        ArgumentNullException.ThrowIfNull(form);
        ArgumentNullException.ThrowIfNull(programme);
        if (programme.StartDate is null)
        {
            return;
        }

        var start = DateText.Parse(programme.StartDate);
        var first = new DateOnly(start.Year, start.Month, 1);
        var text = DateText.MonthOf(month);
        if (month < first)
        {
            form.Fail(
                field,
                $"'{text}' is before the training week ({programme.StartDate} to {programme.EndDate}); an inmate taking part is released in the week's month or later. Check the year.",
                $"'{text}' sebelum pekan pelatihan ({programme.StartDate} sampai {programme.EndDate}); warga binaan peserta bebas pada bulan pelatihan atau sesudahnya. Periksa tahunnya.");
        }
        else if (month > first.AddYears(MaxYearsAfterStart))
        {
            form.Fail(
                field,
                $"'{text}' is more than {MaxYearsAfterStart} years after the training week ({programme.StartDate}); the longest fixed prison term is {MaxYearsAfterStart} years. Check the year.",
                $"'{text}' lebih dari {MaxYearsAfterStart} tahun setelah pekan pelatihan ({programme.StartDate}); pidana penjara waktu tertentu paling lama {MaxYearsAfterStart} tahun. Periksa tahunnya.");
        }
    }
}
