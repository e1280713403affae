using IkmaWorkflow.Programmes.Access;

namespace IkmaWorkflow.Programmes.Tests.Access;

/// <summary><see cref="ApiKey"/>: only a key shaped exactly as issued names an organisation.</summary>
public sealed class ApiKeyTests
{
    [Fact]
    public void OrganisationOf_AnIssuedKey_ItsOrganisation()
    {
        var key = ApiKey.Create("lapas-cipinang");

        Assert.Equal("lapas-cipinang", ApiKey.OrganisationOf(key));
        Assert.True(ApiKey.Matches(key, ApiKey.Hash(key)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("ikma.a/b.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("ikma.a%2Fb.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("ikma.ab.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("ikma.Lapas.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("ikma.lapas--x.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("ikma.lapas.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("ikma.lapas.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA+")]
    [InlineData("ikma.lapas.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n")]
    [InlineData("IKMA.lapas.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("ikma.lapas.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.x")]
    public void OrganisationOf_AnyOtherShape_Null(string key) => Assert.Null(ApiKey.OrganisationOf(key));
}
