/**
 * Words that start the name of an institution, a place or a street: a run of names right after one
 * is that institution's name, not a person ("Fundação Getúlio Vargas", "Escola Estadual Maria
 * Rita", "São Gonçalo"). Folded.
 */
import { PLACE_HEADS } from "./name-lists";

const ORG_HEADS = (
  "tribunal supremo superior justica vara comarca foro forum juizado camara senado assembleia congresso ministerio " +
  "secretaria procuradoria defensoria advocacia promotoria delegacia policia conselho comissao comite agencia autarquia " +
  "fundacao associacao sindicato federacao confederacao cooperativa instituto universidade faculdade escola colegio " +
  "centro hospital clinica laboratorio banco caixa companhia cia empresa grupo editora jornal revista rede radio tv " +
  "televisao partido movimento governo prefeitura estado municipio distrito regiao rodovia ponte viaduto avenida rua " +
  "praca travessa alameda largo estrada edificio condominio shopping estadio ginasio teatro museu igreja paroquia " +
  "capela catedral templo projeto programa operacao lei decreto codigo sumula emenda resolucao portaria lei-complementar " +
  "premio campeonato copa festival instituicao orgao servico"
).split(" ");

export const ORG_HEAD_WORDS: ReadonlySet<string> = new Set([...ORG_HEADS, ...PLACE_HEADS]);
