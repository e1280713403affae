using System.Security.Cryptography;
using System.Text;
using IkmaWorkflow.Programmes.Storage;

namespace IkmaWorkflow.Programmes.Tests.Storage;

/// <summary><see cref="RecordId"/>: random ids, and ids derived from a submission while a form runs under it.</summary>
public sealed class RecordIdTests
{
    [Fact]
    public void New_OutsideASubmission_RandomIdsOfTheAlphabet()
    {
        var ids = Enumerable.Range(0, 100).Select(_ => RecordId.New("prg")).ToList();

        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.All(ids, id => Assert.Matches("^prg-[2-9a-hjkmnp-z]{10}$", id));
    }

    [Fact]
    public void New_UnderTheSameSeed_TheSameIdsInTheSameOrderPerPrefix()
    {
        var first = IdsUnder(Seed("ybi /api/organisations/ybi/people key-1"));
        var second = IdsUnder(Seed("ybi /api/organisations/ybi/people key-1"));

        Assert.Equal(first, second);
        Assert.Equal(4, first.Distinct().Count());
        Assert.All(first, id => Assert.Matches("^(prg|doc)-[2-9a-hjkmnp-z]{10}$", id));
    }

    [Fact]
    public void New_UnderAnotherSeed_OtherIds()
    {
        var first = IdsUnder(Seed("ybi /api/organisations/ybi/people key-1"));
        var other = IdsUnder(Seed("ybi /api/organisations/ybi/people key-2"));

        Assert.Empty(first.Intersect(other));
    }

    [Fact]
    public void DeriveFrom_Disposed_RandomAgain()
    {
        string derived;
        using (RecordId.DeriveFrom(Seed("a")))
        {
            derived = RecordId.New("p");
        }

        using (RecordId.DeriveFrom(Seed("a")))
        {
            Assert.Equal(derived, RecordId.New("p"));
        }

        Assert.NotEqual(derived, RecordId.New("p"));
    }

    [Fact]
    public async Task DeriveFrom_InAnAsyncMethod_EndsWithIt()
    {
        var derived = await NewUnderSeedAsync();

        Assert.NotEqual(derived, RecordId.New("p"));
        Assert.Equal(derived, await NewUnderSeedAsync());
    }

    private static async Task<string> NewUnderSeedAsync()
    {
        using var scope = RecordId.DeriveFrom(Seed("b"));
        await Task.Yield();
        return RecordId.New("p");
    }

    private static List<string> IdsUnder(byte[] seed)
    {
        using (RecordId.DeriveFrom(seed))
        {
            return [RecordId.New("prg"), RecordId.New("doc"), RecordId.New("prg"), RecordId.New("doc")];
        }
    }

    private static byte[] Seed(string text) => SHA256.HashData(Encoding.UTF8.GetBytes(text));
}
