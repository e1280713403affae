using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace IkmaWorkflow.Programmes.ApiTests.Telemetry;

/// <summary>
/// Listens in-process to the app's <c>IkmaWorkflow</c> meter and activity source, as an OpenTelemetry provider would,
/// keeping every measurement and every finished span. Other test classes run at the same time, so a test looks for
/// what carries its own ids, or for a count that grew.
/// </summary>
internal sealed class TelemetryRecorder : IDisposable
{
    private readonly MeterListener _meters = new();
    private readonly ActivityListener _spans;

    public TelemetryRecorder()
    {
        _meters.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == Programmes.Telemetry.Name)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _meters.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
            Measurements.Enqueue(new Measured(instrument.Name, value, tags.ToArray().ToDictionary(t => t.Key, t => t.Value))));
        _meters.Start();
        _spans = new ActivityListener
        {
            ShouldListenTo = source => source.Name == Programmes.Telemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = Spans.Enqueue,
        };
        ActivitySource.AddActivityListener(_spans);
    }

    /// <summary>Every measurement of the app's instruments since the recorder started.</summary>
    public ConcurrentQueue<Measured> Measurements { get; } = new();

    /// <summary>Every span of the app's source that ended since the recorder started.</summary>
    public ConcurrentQueue<Activity> Spans { get; } = new();

    /// <summary>The measurements of <paramref name="instrument"/> whose tag <paramref name="tag"/> is <paramref name="value"/>.</summary>
    public Measured[] Of(string instrument, string tag, string value) =>
        [.. Measurements.Where(m => m.Instrument == instrument && m.Tags.TryGetValue(tag, out var v) && Equals(v, value))];

    /// <summary>The sum of every measurement of <paramref name="instrument"/>.</summary>
    public long Total(string instrument) => Measurements.Where(m => m.Instrument == instrument).Sum(m => m.Value);

    /// <summary>Reads the observable instruments now (their callbacks run and their values arrive as measurements).</summary>
    public void Observe() => _meters.RecordObservableInstruments();

    public void Dispose()
    {
        _meters.Dispose();
        _spans.Dispose();
    }

    /// <summary>One measurement.</summary>
    internal sealed record Measured(string Instrument, long Value, Dictionary<string, object?> Tags);
}
