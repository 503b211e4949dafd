// The demo shop's cart: what "Add to cart" puts in it stays in this browser (localStorage), its
// count shows in the header on every page, and the checkout lists it. The shop's own code, not
// Beckon's: the DSL sees the same clicks and records AddToCart.
(() => {
  const KEY = 'demo.cart';
  const read = () => {
    try {
      const items = JSON.parse(localStorage.getItem(KEY) ?? '[]');
      return Array.isArray(items) ? items : [];
    } catch {
      return [];
    }
  };
  const show = () => {
    const items = read();
    for (const count of document.querySelectorAll('.cart-count')) {
      count.textContent = String(items.length);
    }
    const list = document.querySelector('#cart-items');
    if (!list) return;
    list.replaceChildren(
      ...items.map((item) => {
        const row = document.createElement('li');
        row.textContent = `${item.name}, EUR ${item.price}`;
        return row;
      }),
    );
    const total = items.reduce((sum, item) => sum + Number(item.price), 0);
    document.querySelector('#cart-total').textContent = items.length
      ? `Total: EUR ${total.toFixed(2)}`
      : 'Your cart is empty: the lamp is on its own page.';
  };
  document.addEventListener('click', (event) => {
    const button = event.target.closest?.('button.add-to-cart');
    if (!button) return;
    localStorage.setItem(
      KEY,
      JSON.stringify([...read(), { name: button.dataset.name, price: button.dataset.price }]),
    );
    show();
    const said = document.querySelector('#cart-said');
    if (said) said.textContent = `${button.dataset.name} is in your cart.`;
  });
  window.addEventListener('storage', (event) => event.key === KEY && show());
  show();
})();
