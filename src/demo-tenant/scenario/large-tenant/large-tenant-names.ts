/** Word lists the generator draws people, departments and access packages from. */

export const GIVEN_NAMES = [
  "Aaliyah", "Aaron", "Abigail", "Adam", "Adrian", "Aisha", "Akira", "Alejandro", "Alice", "Amir", "Ana", "Andrea",
  "Andrew", "Anika", "Anna", "Anthony", "Arjun", "Astrid", "Ava", "Beatriz", "Ben", "Bianca", "Bjorn", "Camila",
  "Carlos", "Caroline", "Chen", "Chiara", "Chris", "Claire", "Daniela", "David", "Deepa", "Diana", "Dmitri", "Elena",
  "Eli", "Elif", "Emeka", "Emily", "Emma", "Erik", "Ethan", "Fatma", "Felipe", "Fiona", "Gabriel", "Grace",
  "Hamza", "Hana", "Hiroshi", "Ingrid", "Isabel", "Ivan", "Jack", "Jamal", "James", "Jana", "Javier", "Jessica",
  "Jin", "Joao", "John", "Julia", "Kai", "Kamala", "Karim", "Kate", "Kevin", "Kwame", "Laura", "Leila",
  "Leo", "Liam", "Lina", "Lucas", "Lucia", "Mai", "Marco", "Maria", "Mark", "Marta", "Mateo", "Mei",
  "Mia", "Michael", "Mohammed", "Nadia", "Naveen", "Noah", "Nora", "Olga", "Oliver", "Paolo", "Priya", "Rafael",
  "Rahul", "Rania", "Ravi", "Rebecca", "Rosa", "Ryan", "Sakura", "Samir", "Sara", "Sean", "Sergei", "Shreya",
  "Simone", "Sophie", "Stefan", "Tariq", "Thomas", "Tomoko", "Valentina", "Victor", "Wei", "Yara", "Yusuf", "Zoe",
] as const;

export const SURNAMES = [
  "Abbott", "Adeyemi", "Ahmed", "Alvarez", "Andersen", "Baker", "Banerjee", "Bauer", "Becker", "Bianchi", "Brown",
  "Campbell", "Carter", "Castro", "Chang", "Chen", "Clarke", "Costa", "Cruz", "Das", "Davies", "Dubois", "Edwards",
  "Eriksson", "Evans", "Fernandes", "Fischer", "Fontaine", "Garcia", "Gomez", "Gupta", "Haddad", "Hansen", "Hayashi",
  "Hernandez", "Hoffmann", "Hughes", "Ibrahim", "Ito", "Jackson", "Jansen", "Johnson", "Kang", "Kaur", "Khan", "Kim",
  "Kowalski", "Kumar", "Larsen", "Lee", "Lewis", "Li", "Lopez", "Martin", "Mehta", "Meyer", "Miller", "Moreau",
  "Morris", "Mukherjee", "Murphy", "Nakamura", "Nguyen", "Novak", "Nowak", "Okafor", "Olsen", "Ortiz", "Park", "Patel",
  "Perez", "Petrov", "Phillips", "Popescu", "Quinn", "Ramirez", "Rao", "Reddy", "Reyes", "Richter", "Rivera", "Roberts",
  "Rossi", "Russo", "Saito", "Santos", "Schmidt", "Schneider", "Shah", "Silva", "Singh", "Smith", "Sousa", "Suzuki",
  "Tanaka", "Taylor", "Thomas", "Torres", "Tran", "Turner", "Vargas", "Wagner", "Walker", "Wang", "Watanabe", "Weber",
  "White", "Williams", "Wilson", "Wong", "Wright", "Wu", "Yamamoto", "Yang", "Young", "Zhang", "Zhao", "Zimmermann",
] as const;

/** An office with the Windows time zone name Graph's mailboxSettings use there. */
export interface Office {
  name: string;
  timeZone: string;
  usageLocation: string;
}

const OFFICES = {
  redmond: { name: "Redmond", timeZone: "Pacific Standard Time", usageLocation: "US" },
  chicago: { name: "Chicago", timeZone: "Central Standard Time", usageLocation: "US" },
  newYork: { name: "New York", timeZone: "Eastern Standard Time", usageLocation: "US" },
  london: { name: "London", timeZone: "GMT Standard Time", usageLocation: "GB" },
  dublin: { name: "Dublin", timeZone: "GMT Standard Time", usageLocation: "IE" },
  amsterdam: { name: "Amsterdam", timeZone: "W. Europe Standard Time", usageLocation: "NL" },
  bangalore: { name: "Bangalore", timeZone: "India Standard Time", usageLocation: "IN" },
  singapore: { name: "Singapore", timeZone: "Singapore Standard Time", usageLocation: "SG" },
  tokyo: { name: "Tokyo", timeZone: "Tokyo Standard Time", usageLocation: "JP" },
  sydney: { name: "Sydney", timeZone: "AUS Eastern Standard Time", usageLocation: "AU" },
  saoPaulo: { name: "Sao Paulo", timeZone: "E. South America Standard Time", usageLocation: "BR" },
} satisfies Record<string, Office>;

/** A division: its department name, where its people sit, what they are called, and which executive it reports to. */
export interface Division {
  department: string;
  offices: Office[];
  /** Individual contributor titles. */
  roles: string[];
  /** The Contoso executive (scenario alias) the division head reports to. */
  executive: string;
}

export const DIVISIONS: Division[] = [
  { department: "Engineering", offices: [OFFICES.redmond, OFFICES.amsterdam, OFFICES.bangalore], roles: ["Software Engineer", "Senior Software Engineer", "Site Reliability Engineer", "QA Engineer"], executive: "nestorw" },
  { department: "AI Research", offices: [OFFICES.amsterdam, OFFICES.tokyo, OFFICES.redmond], roles: ["Research Scientist", "Applied Scientist", "Data Scientist", "ML Engineer"], executive: "nestorw" },
  { department: "IT", offices: [OFFICES.redmond, OFFICES.bangalore], roles: ["Systems Administrator", "Identity Engineer", "Service Desk Analyst"], executive: "nestorw" },
  { department: "Sales", offices: [OFFICES.chicago, OFFICES.newYork, OFFICES.london, OFFICES.sydney, OFFICES.saoPaulo], roles: ["Account Executive", "Sales Representative", "Sales Engineer"], executive: "pattif" },
  { department: "Marketing", offices: [OFFICES.redmond, OFFICES.london], roles: ["Marketing Specialist", "Content Strategist", "Product Marketing Manager"], executive: "pattif" },
  { department: "Legal", offices: [OFFICES.newYork, OFFICES.london], roles: ["Counsel", "Paralegal", "Contracts Specialist"], executive: "pattif" },
  { department: "Finance", offices: [OFFICES.newYork, OFFICES.dublin], roles: ["Financial Analyst", "Accountant", "Controller"], executive: "pattif" },
  { department: "Human Resources", offices: [OFFICES.redmond, OFFICES.dublin], roles: ["HR Business Partner", "Recruiter", "People Operations Specialist"], executive: "pattif" },
  { department: "Customer Support", offices: [OFFICES.singapore, OFFICES.chicago, OFFICES.dublin], roles: ["Support Engineer", "Customer Success Manager", "Support Specialist"], executive: "pattif" },
  { department: "Operations", offices: [OFFICES.chicago, OFFICES.singapore], roles: ["Operations Analyst", "Program Manager", "Procurement Specialist"], executive: "pattif" },
];

/** Manager titles by depth below the division head (0). */
export const MANAGER_TITLES = ["Vice President", "Director", "Senior Manager", "Manager", "Team Lead"] as const;

/** What the generated access packages grant: AI tools and data areas, the kind a company governs. */
export const PACKAGE_TOOLS = [
  "ChatGPT Enterprise", "Azure OpenAI Studio", "Copilot Studio", "GitHub Copilot", "Claude for Work", "Gemini Advanced",
  "Vertex AI Workbench", "Databricks ML", "Snowflake Cortex", "Hugging Face Hub", "Perplexity Pro", "Midjourney",
  "Jasper", "Notion AI", "Otter.ai", "Legal Research Assistant", "Code Assistant", "AI Platform Console",
  "Vector Search", "Model Registry", "Prompt Library", "Evaluation Harness", "Fine-tuning Sandbox", "GPU Quota",
] as const;

export const PACKAGE_AUDIENCES = ["Users", "Power Users", "Admins", "Readers", "Pilot", "Contractors", "Data Access", "Sandbox"] as const;
