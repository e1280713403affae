using IkmaWorkflow.Programmes.Notifications;

namespace IkmaWorkflow.Programmes.Tests.Notifications;

/// <summary>Recipients, settings checks and the retry schedule, without storage.</summary>
public sealed class RecipientAndOptionsTests
{
    [Theory]
    [InlineData("not-an-address")]
    [InlineData("Koordinator <koordinator@kemenperin.go.id>")]
    [InlineData("a@b.c, d@e.f")]
    [InlineData(" ")]
    public void EmailRecipient_NotOnePlainAddress_Throws(string address)
    {
        var error = Assert.Throws<ArgumentException>(() => new EmailRecipient(address));

        Assert.Equal("address", error.ParamName);
    }

    [Fact]
    public void EmailRecipient_BlankName_IsNull()
    {
        Assert.Null(new EmailRecipient("koordinator@kemenperin.go.id", "  ").Name);
    }

    [Fact]
    public void SendGridOptions_NoKey_IsValidForBlobDelivery()
    {
        Assert.Null(new SendGridOptions().Validate());
        Assert.False(new SendGridOptions().IsConfigured);
    }

    [Theory]
    [InlineData("SG.key", null, "https://api.sendgrid.com", "SendGrid__FromEmail")]
    [InlineData("SG.key", "noreply", "https://api.sendgrid.com", "SendGrid__FromEmail")]
    [InlineData("SG.key with space", "noreply@kemenperin.go.id", "https://api.sendgrid.com", "SendGrid__ApiKey")]
    [InlineData("SG.key", "noreply@kemenperin.go.id", "ftp://api.sendgrid.com", "SendGrid__Host")]
    [InlineData("SG.key", "noreply@kemenperin.go.id", "https://api.sendgrid.com/v3", "SendGrid__Host")]
    [InlineData("SG.key", "noreply@kemenperin.go.id", "api.sendgrid.com", "SendGrid__Host")]
    public void SendGridOptions_BadValue_NamesTheKey(string apiKey, string? from, string host, string expectedKey)
    {
        var problem = new SendGridOptions { ApiKey = apiKey, FromEmail = from, Host = host }.Validate();

        Assert.NotNull(problem);
        Assert.Equal(expectedKey, problem.Value.Key);
    }

    [Fact]
    public void SendGridOptions_TimeoutOutOfRange_NamesTheKey()
    {
        Assert.Equal("SendGrid__Timeout", new SendGridOptions { Timeout = TimeSpan.FromMinutes(6) }.Validate()?.Key);
    }

    [Theory]
    [InlineData(0, 30, 3600, 120, "EmailOutbox__MaxAttempts")]
    [InlineData(8, 0, 3600, 120, "EmailOutbox__FirstRetryDelay")]
    [InlineData(8, 60, 30, 120, "EmailOutbox__MaxRetryDelay")]
    [InlineData(8, 30, 3600, 20, "EmailOutbox__ClaimPeriod")]
    public void EmailOutboxOptions_BadValue_NamesTheKey(int attempts, int firstSeconds, int maxSeconds, int claimSeconds, string expectedKey)
    {
        var options = new EmailOutboxOptions
        {
            MaxAttempts = attempts,
            FirstRetryDelay = TimeSpan.FromSeconds(firstSeconds),
            MaxRetryDelay = TimeSpan.FromSeconds(maxSeconds),
            ClaimPeriod = TimeSpan.FromSeconds(claimSeconds),
        };

        Assert.Equal(expectedKey, options.Validate(sendTimeout: TimeSpan.FromSeconds(30))?.Key);
    }

    [Fact]
    public void EmailOutboxOptions_Defaults_AreValid()
    {
        Assert.Null(new EmailOutboxOptions().Validate(new SendGridOptions().Timeout));
    }

    [Theory]
    [InlineData(1, 30, 36)]
    [InlineData(2, 60, 72)]
    [InlineData(4, 240, 288)]
    [InlineData(7, 1920, 2304)]
    [InlineData(8, 3600, 4320)]
    [InlineData(40, 3600, 4320)]
    public void RetryDelay_AfterAttempt_DoublesFromTheFirstDelayUpToTheCapWithJitter(int attempts, int minSeconds, int maxSeconds)
    {
        for (var i = 0; i < 20; i++)
        {
            var delay = EmailSender.RetryDelay(new EmailOutboxOptions(), attempts, retryAfter: null);
            Assert.InRange(delay, TimeSpan.FromSeconds(minSeconds), TimeSpan.FromSeconds(maxSeconds));
        }
    }

    [Fact]
    public void RetryDelay_RetryAfterLongerThanBackoff_WaitsRetryAfter()
    {
        var options = new EmailOutboxOptions();

        Assert.Equal(TimeSpan.FromMinutes(10), EmailSender.RetryDelay(options, 1, TimeSpan.FromMinutes(10)));
        Assert.InRange(EmailSender.RetryDelay(options, 1, TimeSpan.FromSeconds(1)), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(36));
    }

    [Fact]
    public void RetryDelay_RetryAfterBeyondTheQueueLimit_IsCappedAtSixDays()
    {
        Assert.Equal(TimeSpan.FromDays(6), EmailSender.RetryDelay(new EmailOutboxOptions(), 1, TimeSpan.FromDays(30)));
    }
}
