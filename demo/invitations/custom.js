// The sample custom invitation: answer through the helper once Beckon has sent the context.
const { BeckonInvitation } = window;
BeckonInvitation.context.then(() => {
  document.getElementById('accept').addEventListener('click', () => BeckonInvitation.accept());
  document.getElementById('reject').addEventListener('click', () => BeckonInvitation.reject());
});
