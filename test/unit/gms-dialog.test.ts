import { expect } from 'chai';
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
    expect(() => chatTarget('/genesys/1/service/1/ixn/chat', 'https://gms.example')).to.throw(
      'not a Chat API v2 service URL',
    );
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
      scenario: 'CHAT-NOW',
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
