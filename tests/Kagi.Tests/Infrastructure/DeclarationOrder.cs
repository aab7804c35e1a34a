using Xunit.Abstractions;
using Xunit.Sdk;

namespace Kagi.Tests.Infrastructure;

/// <summary>Runs a class's tests in the order they are declared, for a shared fixture that a later test disturbs.</summary>
public sealed class DeclarationOrder : ITestCaseOrderer
{
    public const string TypeName = "Kagi.Tests.Infrastructure.DeclarationOrder";
    public const string AssemblyName = "Kagi.Tests";

    public IEnumerable<TTestCase> OrderTestCases<TTestCase>(IEnumerable<TTestCase> testCases)
        where TTestCase : ITestCase =>
        testCases.OrderBy(t => t.TestMethod.Method.ToRuntimeMethod().MetadataToken);
}
