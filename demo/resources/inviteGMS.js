// The page's answer, through Beckon's helper: the media and GMS scenario it chooses, with a field
// for the agent (GWE's startGms(scenario) and sendInviteResult, in one call).
const { BeckonInvitation } = window;
BeckonInvitation.context.then(() => {
  const accept = (type, scenario) =>
    BeckonInvitation.accept({
      type,
      adapter: 'gms',
      scenario,
      attachedData: { invitation: 'inviteGMS' },
    });
  document.getElementById('chat').addEventListener('click', () => accept('chat', 'CHAT-NOW'));
  document
    .getElementById('callback')
    .addEventListener('click', () => accept('callback', 'VOICE-NOW-USERTERM'));
  document.getElementById('reject').addEventListener('click', () => BeckonInvitation.reject());
});
