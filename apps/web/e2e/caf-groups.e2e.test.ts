import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type RunningServer, screenshot, signIn, startServer } from './harness';

/**
 * Second half of the Caf journey (guide 001, HABPPS), as Paul Girard, partner administrator of the Centre
 * social Lumière: create a group with its responsable created on the spot, assign it roles of the agreement,
 * create a user, add users to groups from the group's side and from the user's side, and see what each may use.
 */
const password = 'Tessera-Demo-2026';

describe('Caf: groups, grants and effective access', () => {
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    context = await browser.newContext({
      baseURL: server.url,
      locale: 'fr-FR',
      viewport: { width: 1280, height: 900 },
    });
    page = await context.newPage();
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.stop();
  });

  /** Full-page screenshots of a scrolled page draw the fixed header mid-page: scroll back up first. */
  async function shot(name: string) {
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, name);
  }

  async function chooseOption(label: string | RegExp, option: string | RegExp, typed?: string) {
    const input = page.getByRole('combobox', { name: label });
    await input.click();
    if (typed) await input.fill(typed);
    await page.getByRole('option', { name: option }).first().click();
  }

  it('signs Paul Girard in and opens the groups of the Centre social Lumière', async () => {
    await signIn(page, 'paul.girard@lumiere.demo');
    await page
      .getByRole('navigation', { name: 'Navigation principale' })
      .getByRole('link', { name: 'Groupes' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Groupes' }).waitFor();
    await page.getByRole('link', { name: 'Accueil' }).waitFor();
    await shot('caf-groups-01-tree');
  });

  it('creates a group with its responsable created on the spot (Caf step 3)', async () => {
    await page.getByRole('button', { name: 'Créer un groupe' }).click();
    const dialog = page.getByRole('dialog', { name: 'Créer un groupe' });
    await dialog.waitFor();
    // The form explains what is missing before sending anything.
    await dialog.getByRole('button', { name: 'Créer le groupe' }).click();
    await dialog.getByText('Saisissez le nom du groupe.').waitFor();
    await dialog.getByRole('textbox', { name: /^Nom du groupe/ }).fill('Instruction des dossiers');
    await dialog
      .getByRole('textbox', { name: 'Description' })
      .fill('Traitement des demandes des allocataires');
    await dialog.getByText('Créer un utilisateur').click();
    await dialog.getByRole('textbox', { name: /^Nom\s*\*?$/ }).fill('Roux');
    await dialog.getByRole('textbox', { name: /^Prénom/ }).fill('Camille');
    await dialog.getByRole('textbox', { name: /^Adresse e-mail/ }).fill('camille.roux@lumiere.demo');
    await dialog
      .getByRole('textbox', { name: /^Confirmation de l’adresse e-mail/ })
      .fill('camille.roux@lumiere.demo');
    await dialog.getByRole('radio', { name: 'Mobile' }).check();
    await shot('caf-groups-02-create-group');
    await dialog.getByRole('button', { name: 'Créer le groupe' }).click();
    await page.getByRole('heading', { level: 1, name: 'Instruction des dossiers' }).waitFor();
    await page
      .getByRole('region', { name: 'Responsable habilitations' })
      .getByText('camille.roux@lumiere.demo')
      .waitFor();
    await page
      .getByRole('table', { name: 'Membres du groupe' })
      .getByRole('link', { name: 'Roux Camille' })
      .waitFor();
  });

  it('assigns roles of the agreement only, then saves them all at once (Caf step 4)', async () => {
    await chooseOption('Service', 'Consultation du dossier allocataire (CDAP)');
    const roleInput = page.getByRole('combobox', { name: 'Rôle' });
    await roleInput.click();
    const offered = await page.getByRole('option').allTextContents();
    // Validation is not in the Centre social Lumière's agreement: never offered.
    expect(offered.sort()).toEqual(['Consultation', 'Saisie']);
    await page.getByRole('option', { name: 'Saisie' }).click();
    await page.getByRole('button', { name: 'Assigner le rôle' }).click();
    await page.getByRole('combobox', { name: 'Service' }).click();
    const services = await page.getByRole('option').allTextContents();
    expect(services).not.toContain('Facture électronique');
    await page.getByRole('option', { name: 'Commande fixe' }).click();
    await chooseOption('Rôle', 'Passer commande');
    await page.getByRole('button', { name: 'Assigner le rôle' }).click();
    const grants = page.getByRole('table', { name: 'Rôles assignés au groupe' });
    await expect.poll(() => grants.getByText('À enregistrer').count()).toBe(2);
    await shot('caf-groups-03-grants-pending');
    await page.getByRole('button', { name: 'Enregistrer les modifications' }).click();
    await page.getByText('Les habilitations du groupe sont enregistrées.').waitFor();
    await expect.poll(() => grants.getByText('Actif').count()).toBe(2);
    await shot('caf-groups-04-grants-saved');
  });

  it('creates a user of the partner on the members screen (Caf step 3, “Créer un utilisateur”)', async () => {
    await page
      .getByRole('navigation', { name: 'Navigation principale' })
      .getByRole('link', { name: 'Membres' })
      .click();
    await page.getByRole('link', { name: 'Créer un membre' }).click();
    await page.getByRole('heading', { level: 1, name: 'Créer un membre' }).waitFor();
    await page.getByRole('textbox', { name: /^Nom/ }).fill('Bernard');
    await page.getByRole('textbox', { name: /^Prénom/ }).fill('Léo');
    await page.getByRole('textbox', { name: /^Adresse e-mail/ }).fill('leo.bernard@lumiere.demo');
    await page
      .getByRole('textbox', { name: /^Confirmation de l’adresse e-mail/ })
      .fill('leo.bernard@lumiere.demo');
    await page.getByRole('button', { name: 'Valider' }).click();
    await page.getByRole('heading', { level: 1, name: 'Membre créé' }).waitFor();
    await page
      .getByRole('navigation', { name: 'Navigation principale' })
      .getByRole('link', { name: 'Groupes' })
      .click();
    await page.getByRole('link', { name: 'Instruction des dossiers' }).click();
    await page.getByRole('heading', { level: 1, name: 'Instruction des dossiers' }).waitFor();
  });

  it('adds the new user to the group from the group’s side (Caf step 4, “Ajouter un utilisateur”)', async () => {
    const picker = page.getByRole('combobox', { name: 'Ajouter des utilisateurs' });
    await picker.click();
    // The options are replaced when the search's answer arrives: pick from that answer, not from the list before.
    const searched = page.waitForResponse(
      (response) =>
        response.url().includes('/graphql') &&
        (response.request().postData() ?? '').includes('"search":"bern"'),
    );
    await picker.fill('bern');
    await searched;
    await page.getByRole('option', { name: /Bernard Léo/ }).click();
    await page.getByRole('button', { name: 'Ajouter au groupe' }).click();
    await page.getByText('1 utilisateur ajouté au groupe.').waitFor();
    const members = page.getByRole('table', { name: 'Membres du groupe' });
    await members.getByRole('link', { name: 'Bernard Léo' }).waitFor();
    await shot('caf-groups-05-members');
  });

  it('adds an existing user to the group from the user’s side (Caf step 5) and shows where each role comes from', async () => {
    await page
      .getByRole('navigation', { name: 'Navigation principale' })
      .getByRole('link', { name: 'Groupes' })
      .click();
    await page.getByRole('link', { name: 'Accueil', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Accueil' }).waitFor();
    // A large group is searched by name or e-mail, accents and case ignored.
    const groupMembers = page.getByRole('table', { name: 'Membres du groupe' });
    await groupMembers.getByRole('link', { name: 'Martin Sophie' }).waitFor();
    const search = page.getByRole('searchbox', { name: 'Rechercher dans le groupe' });
    await search.fill('LEFEVRE');
    await expect.poll(() => groupMembers.getByRole('link').allTextContents()).toEqual(['Lefèvre Hugo']);
    await search.fill('Amélie');
    await page.getByText('Aucun membre du groupe ne correspond à « Amélie ».').waitFor();
    await search.fill('hugo.lef');
    await groupMembers.getByRole('link', { name: 'Lefèvre Hugo' }).waitFor();
    await shot('caf-groups-05b-members-search');
    await groupMembers.getByRole('link', { name: 'Lefèvre Hugo' }).click();
    await page.getByRole('heading', { level: 1, name: 'Accès : Hugo Lefèvre' }).waitFor();
    await chooseOption('Ajouter à des groupes', 'Instruction des dossiers');
    await page.getByRole('button', { name: 'Ajouter au groupe' }).click();
    await page.getByText('Utilisateur ajouté à 1 groupe.').waitFor();
    const access = page.getByRole('table', { name: 'Services détenus' });
    await access.getByRole('link', { name: 'Groupe Instruction des dossiers' }).first().waitFor();
    const rows = await access.getByRole('row').allTextContents();
    expect(
      rows.some((row) => row.includes('Saisie') && row.includes('Groupe Instruction des dossiers')),
    ).toBe(true);
    expect(rows.some((row) => row.includes('Consultation') && row.includes('Groupe Accueil'))).toBe(true);
    expect(rows.some((row) => row.includes('Portail des prestations') && row.includes('Service libre'))).toBe(
      true,
    );
    await shot('caf-groups-06-member-access');
  });

  it('shows the services held with the users who have access (Orange “services détenus”)', async () => {
    await page
      .getByRole('navigation', { name: 'Navigation principale' })
      .getByRole('link', { name: 'Services' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Services détenus' }).waitFor();
    const control = page.getByRole('button', { name: /Commande fixe/ });
    if ((await control.getAttribute('aria-expanded')) !== 'true') await control.click();
    const commande = page.getByRole('list', {
      name: 'Utilisateurs de « Commande fixe », rôle Passer commande',
    });
    await commande.getByText('Léo Bernard').waitFor();
    const names = await commande.getByRole('listitem').allTextContents();
    expect(names.sort()).toEqual(['Camille Roux', 'Hugo Lefèvre', 'Léo Bernard']);
    await shot('caf-groups-07-services-held');
  });

  it('marks grants the operator takes out of the agreement as suspended, at once', async () => {
    // The operator (Caf) removes CDAP consultation from the agreement, in its own session.
    const operator = await browser.newContext({ baseURL: server.url });
    const operatorPage = await operator.newPage();
    await operatorPage.goto('/healthz');
    const removed = await operatorPage.evaluate(async (pass) => {
      const gql = async (query: string, variables: Record<string, unknown> = {}) =>
        (
          await fetch('/graphql', {
            method: 'POST',
            // The API's CSRF prevention: every GraphQL request carries this header.
            headers: { 'content-type': 'application/json', 'x-graphql-yoga-csrf': '1' },
            body: JSON.stringify({ query, variables }),
          })
        ).json();
      await gql('mutation($i: SignInInput!) { signIn(input: $i) { __typename } }', {
        i: { email: 'operateur@tessera.demo', password: pass },
      });
      await gql('mutation { chooseActingContext(input: { asOperator: true }) { __typename } }');
      const list = await gql(
        '{ organisations(search: "Lumière") { edges { node { agreement { items { id serviceRole { code service { code } } } } } } } }',
      );
      const items = list.data.organisations.edges[0].node.agreement.items as {
        id: string;
        serviceRole: { code: string; service: { code: string } };
      }[];
      const item = items.find(
        (i) => i.serviceRole.service.code === 'CDAP' && i.serviceRole.code === 'consultation',
      );
      const result = await gql(
        'mutation($i: RemoveAgreementItemInput!) { removeAgreementItem(input: $i) { __typename } }',
        { i: { agreementItemId: item?.id } },
      );
      return result.data.removeAgreementItem.__typename as string;
    }, password);
    await operator.close();
    expect(removed).toBe('MutationRemoveAgreementItemSuccess');

    await page
      .getByRole('navigation', { name: 'Navigation principale' })
      .getByRole('link', { name: 'Groupes' })
      .click();
    await page.getByRole('link', { name: 'Accueil', exact: true }).click();
    const grants = page.getByRole('table', { name: 'Rôles assignés au groupe' });
    await grants.getByRole('row', { name: /Consultation.*Suspendu/ }).waitFor();
    await page
      .getByRole('table', { name: 'Membres du groupe' })
      .getByRole('link', { name: 'Lefèvre Hugo' })
      .click();
    const suspended = page.getByRole('region', { name: 'Habilitations suspendues' });
    await suspended.getByText('Consultation du dossier allocataire (CDAP) · Consultation').waitFor();
    const rows = await page
      .getByRole('table', { name: 'Services détenus' })
      .getByRole('row')
      .allTextContents();
    expect(rows.some((row) => row.includes('Consultation') && row.includes('Groupe Accueil'))).toBe(false);
    await shot('caf-groups-08-suspended');
  });

  it('works in English too', async () => {
    await page
      .getByRole('navigation', { name: 'Navigation principale' })
      .getByRole('link', { name: 'Services' })
      .click();
    await page.locator('label').filter({ hasText: 'English' }).click();
    await page.getByRole('heading', { level: 1, name: 'Services held' }).waitFor();
    await shot('caf-groups-09-services-held-en');
  });
});
