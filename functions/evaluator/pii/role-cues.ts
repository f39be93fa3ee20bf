/**
 * Roles and titles written before a person's name in court decisions, bills, news and comments
 * ("Ministro Eros Grau", "Deputado Átila Lins", "Rel. Min. Ellen Gracie", "o jogador Neymar"), and
 * the reporting verbs news puts before a name ("..., diz Mills"). Folded words; abbreviations are
 * matched with or without their full stop.
 */

const ROLES = (
  "ministro ministra min relator relatora rel revisor revisora deputado deputada dep senador senadora sen " +
  "vereador vereadora desembargador desembargadora des juiz juiza magistrado magistrada conselheiro conselheira " +
  "cons procurador procuradora promotor promotora defensor defensora advogado advogada adv presidente presidenta " +
  "vice-presidente governador governadora vice-governador prefeito prefeita vice-prefeito secretario secretaria " +
  "delegado delegada perito perita doutor doutora dr dra professor professora prof profa padre pastor pastora " +
  "bispo frei irma general coronel capitao tenente sargento cabo soldado comandante almirante brigadeiro " +
  "embaixador embaixadora chanceler candidato candidata lider lideres jogador jogadora tecnico tecnica treinador " +
  "treinadora atacante goleiro ator atriz cantor cantora escritor escritora poeta poetisa jornalista colunista " +
  "economista pesquisador pesquisadora cientista historiador historiadora filosofo filosofa jurista autor autora " +
  "diretor diretora gerente coordenador coordenadora reitor reitora empresario empresaria fundador fundadora dono " +
  "dona senhor senhora sr sra srta dom principe princesa papa apelante apelado apelada agravante " +
  "agravado agravada impetrante paciente recorrente recorrido recorrida requerente requerido requerida reclamante " +
  "reclamado interessado interessada embargante embargado embargada exequente executado executada autuado reu re " +
  "testemunha vitima servidor servidora ex-ministro ex-presidente ex-deputado ex-governador ex-prefeito " +
  "ex-senador ex-juiz relatoria parlamentar vice premie primeiro-ministro primeira-ministra"
).split(" ");

/** Words that qualify a role and may sit between it and the name ("Deputado Federal Átila Lins"). */
const ROLE_QUALIFIERS = (
  "federal estadual distrital substituto substituta convocado convocada aposentado aposentada titular geral " +
  "adjunto adjunta eleito eleita democrata republicano petista tucano"
).split(" ");

const REPORTING_VERBS = (
  "diz disse dizem afirma afirmou explica explicou declara declarou conta contou lembra lembrou completa " +
  "completou ressalta ressaltou acrescenta acrescentou argumenta argumentou avalia avaliou comenta comentou " +
  "pergunta perguntou responde respondeu escreve escreveu observa observou destaca destacou segundo conforme " +
  "votou votei defende defendeu"
).split(" ");

/** "ministros", "senhores", "juizes", "capitaes": the roles before a list of names. */
function plural(role: string): string {
  if (/(?:r|z)$/.test(role)) return `${role}es`;
  if (role.endsWith("ao")) return `${role.slice(0, -2)}aes`;
  return `${role}s`;
}

/** Roles, titles and their abbreviations (singular and plural): never part of a name. */
export const ROLE_WORDS: ReadonlySet<string> = new Set([...ROLES, ...ROLES.map(plural)]);
export const ROLE_QUALIFIER_WORDS: ReadonlySet<string> = new Set(ROLE_QUALIFIERS);
export const REPORTING_VERB_WORDS: ReadonlySet<string> = new Set(REPORTING_VERBS);
