namespace EdgeCrab.DingTalk.Cards;

/// <summary>
/// One AI card to create and deliver (<c>createAndDeliver</c>): the template, the caller's id for it, and where it goes:
/// a group's open space (<see cref="GroupConversationId"/>, the sender @mentioned) or the robot's chat with one person.
/// </summary>
/// <param name="OutTrackId">Our id of the card (<see cref="CardTrackId"/>): every later write addresses it.</param>
/// <param name="GroupConversationId">The group's openConversationId; null for a one-to-one chat.</param>
/// <param name="StaffId">The person asked: the one-to-one chat's recipient, or the one @mentioned in a group.</param>
/// <param name="Parameters">The template's initial variables (values must be strings: DingTalk refuses others).</param>
public sealed record CardDelivery(
    string TemplateId,
    string OutTrackId,
    string RobotCode,
    string? GroupConversationId,
    string StaffId,
    string? Nick,
    IReadOnlyDictionary<string, string> Parameters);
