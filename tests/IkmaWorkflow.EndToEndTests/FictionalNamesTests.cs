using IkmaWorkflow.DemoData;
using IkmaWorkflow.DemoData.Cases;

namespace IkmaWorkflow.EndToEndTests;

/// <summary>The demo's people: fictional, distinct and the same on every run.</summary>
public sealed class FictionalNamesTests
{
    [Fact]
    public void Generate_NinetyWomen_DistinctDeterministicAndMotifSurnamed()
    {
        var first = FictionalNames.Generate(90, 3, FictionalNames.Women);
        var second = FictionalNames.Generate(90, 3, FictionalNames.Women);

        Assert.Equal(first, second);
        Assert.Equal(90, first.Distinct(StringComparer.Ordinal).Count());
        Assert.All(first, n => Assert.Contains(n.Split(' ')[1], FictionalNames.Motifs));
    }

    [Fact]
    public void Generate_MoreThanTheListsHold_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => FictionalNames.Generate(FictionalNames.Men.Count * FictionalNames.Motifs.Count + 1, 0, FictionalNames.Men));
    }

    [Fact]
    public void Cases_Participants_NoNameTwiceAcrossBothCases()
    {
        var names = TangerangCase.Participants().Concat(CipinangCase.Participants()).Select(p => p.Name)
            .Concat(DemoDirectory.People.Select(p => p.Name)).ToList();

        Assert.Equal(names.Count, names.Distinct(StringComparer.Ordinal).Count());
    }
}
