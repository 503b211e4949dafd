import { expect } from 'chai';
import { chatStart } from '../../widgets/gms/chat-start.ts';
import { chatTarget, stepFor } from '../../widgets/gms/dialog.ts';
import { popupUrl } from '../../widgets/gms/popup.ts';

describe('the GMS _action dialog', () => {
  it('maps every _action to what the visitor sees next', () => {
    expect(
      stepFor({
        _id: '1',
        _action: 'StartChat',
        _start_chat_url: '/genesys/2/chat/support',
        _chat_parameters: { subject: 'Plans' },
      }),
    ).to.deep.equal({
      kind: 'start-chat',
      url: '/genesys/2/chat/support',
      subject: 'Plans',
    });
    expect(stepFor({ _id: '1', _action: 'ConfirmationDialog', _text: 'Booked.' })).to.deep.equal({
      kind: 'confirm',
      text: 'Booked.',
    });
    expect(
      stepFor({ _id: '1', _action: 'DialNumber', _tel_url: 'tel:+4930', _label: 'Call us' }),
    ).to.deep.equal({
      kind: 'dial',
      tel: 'tel:+4930',
      label: 'Call us',
    });
    expect(
      stepFor({
        _id: '1',
        _action: 'DisplayMenu',
        _label: 'How can we help?',
        _content: [
          {
            _group_name: 'Topics',
            _group_content: [
              { _label: 'Billing', _user_action_url: '/genesys/1/service/1/billing' },
            ],
          },
        ],
      }),
    ).to.deep.equal({
      kind: 'menu',
      label: 'How can we help?',
      groups: [
        { name: 'Topics', options: [{ label: 'Billing', url: '/genesys/1/service/1/billing' }] },
      ],
    });
  });

  it('finds the Chat API v2 service a StartChat URL points at, relative or absolute', () => {
    expect(chatTarget('/genesys/2/chat/customer-support', 'https://gms.example')).to.deep.equal({
      baseUrl: 'https://gms.example',
      service: 'customer-support',
    });
    expect(
      chatTarget('https://other.example/gms/genesys/2/chat/sales', 'https://gms.example'),
    ).to.deep.equal({
      baseUrl: 'https://other.example/gms',
      service: 'sales',
    });
  });

  it("refuses GMS's Chat API v1 and CometD-only addresses, saying what to do instead", () => {
    // request-chat's answer, as GMS's documentation shows it.
    expect(() =>
      chatTarget(
        '/genesys/1/service/81f0ef4e-99dd-43ea-8366-8d27a2cbd605/ixn/chat',
        'https://gms.example',
      ),
    ).to.throw(/Chat API v1 .* gms\.chatService/);
    expect(() => chatTarget('/genesys/cometd', 'https://gms.example')).to.throw(
      /CometD only .* gms\.chatService/,
    );
    expect(() => chatTarget('/somewhere/else', 'https://gms.example')).to.throw(
      'is not a Chat API v2 service',
    );
  });

  it('starts a chat directly, through request-chat, or through the callback service as GMS requires', () => {
    const context = {
      visitID: 'B'.repeat(32),
      globalVisitID: 'A'.repeat(32),
      pageID: 'C'.repeat(32),
      proactive: true,
      type: 'chat' as const,
      attachedData: { visitID: 'B'.repeat(32), pageID: 'C'.repeat(32), webengagement: '' },
    };
    const ada = { name: 'Ada Lovelace' };
    expect(
      chatStart(context, { chatService: 'support' }, 'https://gms.example', ada),
    ).to.deep.equal({ kind: 'direct', service: 'support' });
    const viaCallback = chatStart(
      { ...context, scenario: 'CHAT-NOW' },
      { chatService: 'support', callbackService: 'cb' },
      'https://gms.example',
      ada,
    );
    expect(viaCallback).to.deep.equal({
      kind: 'service',
      url: 'https://gms.example/genesys/1/service/callback/cb',
      fields: {
        _call_direction: 'USERORIGINATED',
        _wait_for_agent: 'false',
        _wait_for_user_confirm: 'false',
        _media_type: 'chat',
        _customer_number: 'B'.repeat(32),
        first_name: 'Ada',
        last_name: 'Lovelace',
        visitID: 'B'.repeat(32),
        pageID: 'C'.repeat(32),
        webengagement: '',
      },
    });
    const known = chatStart(
      { ...context, user: { phoneNumber: '+49 30 555' } },
      {},
      'https://gms.example',
      ada,
    );
    expect(known.kind === 'service' && known.fields._customer_number).to.equal('+49 30 555');
    const builtin = chatStart(
      { ...context, scenario: 'REQUEST-CHAT' },
      {},
      'https://gms.example',
      ada,
    );
    expect(builtin).to.deep.include({ url: 'https://gms.example/genesys/1/service/request-chat' });
    expect(builtin.kind === 'service' && builtin.fields).to.include({ visitID: 'B'.repeat(32) });
    // One name, or none: the family name is the last word, and nothing is made up.
    const person = (name: string) => {
      const how = chatStart({ ...context, scenario: 'CHAT-NOW' }, {}, 'https://gms.example', {
        name,
      });
      const fields = how.kind === 'service' ? how.fields : {};
      return { first: fields.first_name, last: fields.last_name };
    };
    expect(person('Jean Paul  Sartre ')).to.deep.equal({ first: 'Jean Paul', last: 'Sartre' });
    expect(person('Cher')).to.deep.equal({ first: 'Cher', last: undefined });
    expect(person('  ')).to.deep.equal({ first: undefined, last: undefined });
  });

  it('puts the context in the popup address, webengagement only when proactive', () => {
    const context = {
      visitID: 'B'.repeat(32),
      globalVisitID: 'A'.repeat(32),
      pageID: 'C'.repeat(32),
      engagementID: 'E'.repeat(32),
      proactive: true,
      type: 'chat' as const,
      scenario: 'CHAT-NOW',
      attachedData: { visitID: 'B'.repeat(32), pageID: 'C'.repeat(32), webengagement: '' },
    };
    const url = new URL(
      popupUrl('https://engage.example/chat.html', context, {
        baseUrl: 'https://gms.example',
        config: { chatService: 'support', apikey: 'secret' },
      }),
    );
    expect(Object.fromEntries(url.searchParams)).to.deep.equal({
      visitID: 'B'.repeat(32),
      pageID: 'C'.repeat(32),
      globalVisitID: 'A'.repeat(32),
      engagementID: 'E'.repeat(32),
      gmsScenario: 'CHAT-NOW',
      gmsBaseUrl: 'https://gms.example',
      chatService: 'support',
      webengagement: '',
    });
    const reactive = new URL(
      popupUrl(
        'https://engage.example/chat.html',
        { ...context, attachedData: { visitID: 'B'.repeat(32), pageID: 'C'.repeat(32) } },
        { baseUrl: 'https://gms.example', config: {} },
      ),
    );
    expect(reactive.searchParams.has('webengagement')).to.equal(false);
  });
});
