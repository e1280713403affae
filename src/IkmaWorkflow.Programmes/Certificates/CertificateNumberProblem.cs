namespace IkmaWorkflow.Programmes.Certificates;

/// <summary>What is wrong with a typed certificate number, so verification can tell the person what to check.</summary>
public enum CertificateNumberProblem
{
    /// <summary>The number is valid.</summary>
    None,

    /// <summary>Nothing was typed.</summary>
    Empty,

    /// <summary>Not <c>WUB</c>, a year from 2000 and seven symbols: a part is missing, extra or misplaced.</summary>
    WrongShape,

    /// <summary>A character that no certificate number contains.</summary>
    UnknownCharacter,

    /// <summary>Shaped right but the check symbol does not match: a character is mistyped or two are swapped.</summary>
    CheckCharacterMismatch,
}
