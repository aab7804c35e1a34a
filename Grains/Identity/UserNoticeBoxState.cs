using System.Collections.Immutable;

namespace Kagi.Identity;

[GenerateSerializer, Alias("kagi.state.UserNoticeBox")]
public sealed record UserNoticeBoxState
{
    [Id(0)] public ImmutableArray<UserNotice> Notices { get; init; } = [];
}
